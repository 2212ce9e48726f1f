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
        @Schema(description = "whether inputs are standardized before the network") boolean standardized,
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
        @Schema(description = "the newest evaluation on a dataset (POST /api/v1/models/{id}/evaluations); "
                + "shown when one model is fetched, not in lists")
        EvaluationResponse latestEvaluation) {

    ModelSummary withLatestEvaluation(EvaluationResponse evaluation) {
        return new ModelSummary(id, name, version, task, jobId, datasetId, inputs, layers, featureNames, targetNames,
                labels, standardized, seed, spec, trainMetrics, validationMetrics, trainingMillis, createdAt, createdBy,
                parentId, evaluation);
    }
}
