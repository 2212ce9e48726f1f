package dev.backprop.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Task;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A stored model as clients see it: identity, architecture, provenance and final metrics. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSummary(
        UUID id,
        String name,
        @Schema(description = "counts up from 1 per name") int version,
        Task task,
        @Schema(description = "the training job that made it; absent for an imported model") UUID jobId,
        UUID datasetId,
        int inputs,
        List<LayerSummary> layers,
        List<String> featureNames,
        List<String> targetNames,
        @Schema(description = "classification: labels in output order") List<String> labels,
        @Schema(description = "whether number inputs are standardized before the network") boolean standardized,
        @Schema(description = "the raw columns a row holds, in order, with what the model makes of each; absent for"
                + " models trained before column kinds (numbers, no gaps)") List<ModelColumn> columns,
        Long seed,
        @Schema(description = "the training request as it was sent") JsonNode spec,
        SplitMetrics trainMetrics,
        SplitMetrics validationMetrics,
        Long trainingMillis,
        Instant createdAt,
        @Schema(description = "who created it: key:<API key id> or jwt:<subject>; for a trained model, its job's creator")
        String createdBy,
        @Schema(description = "the model this one continued training from (POST /api/v1/training-jobs with from)")
        UUID parentId,
        @Schema(description = "the model's pictures: its confusion matrix (classifiers) and its decision boundary over "
                + "its first two features (change x and y for others)") Charts charts,
        @Schema(description = "the newest evaluation on a dataset (POST /api/v1/models/{id}/evaluations); "
                + "shown when one model is fetched, not in lists")
        EvaluationResponse latestEvaluation) {

    ModelSummary withLatestEvaluation(EvaluationResponse evaluation) {
        return new ModelSummary(id, name, version, task, jobId, datasetId, inputs, layers, featureNames, targetNames,
                labels, standardized, columns, seed, spec, trainMetrics, validationMetrics, trainingMillis, createdAt, createdBy,
                parentId, charts, evaluation);
    }

    /** Where a model's pictures are; absent where the model has none (a regression's confusion matrix). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ModelCharts")
    public record Charts(String confusionMatrix, String decisionBoundary) {

        static Charts of(UUID id, Task task, List<String> featureNames, List<ModelColumn> columns) {
            String base = "/api/v1/models/" + id + "/charts/";
            // a boundary is drawn over number columns only
            boolean numbers = columns == null || columns.stream().allMatch(c -> c.kind().equals("NUMBER")
                    && !Boolean.TRUE.equals(c.missingIndicator()));
            String boundary = featureNames.size() < 2 || !numbers ? null : base + "decision-boundary?x="
                    + encode(featureNames.get(0)) + "&y=" + encode(featureNames.get(1));
            return new Charts(task == Task.CLASSIFICATION ? base + "confusion-matrix" : null, boundary);
        }

        private static String encode(String name) {
            return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
