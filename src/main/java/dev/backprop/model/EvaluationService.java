package dev.backprop.model;

import dev.backprop.dataset.DatasetColumns;
import dev.backprop.dataset.DatasetService;
import dev.backprop.dataset.RowBlock;
import dev.backprop.engine.Alignment;
import dev.backprop.engine.Inputs;
import dev.backprop.engine.Matrix;
import dev.backprop.engine.Metrics;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.security.Caller;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PageResponse;
import dev.backprop.system.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scores stored models on stored datasets: the dataset's columns matched to the model's by name,
 * its rows read a block at a time and predicted a pass of {@value #ROWS_PER_PASS} at a time, so a
 * dataset of any length is evaluated in bounded memory; the figures are stored per model.
 */
@Service
class EvaluationService {

    /** Rows predicted at once: the network's activations for them stay a few MB whatever its width. */
    static final int ROWS_PER_PASS = 1024;

    private final ModelService models;
    private final DatasetService datasets;
    private final EvaluationRepository evaluations;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;

    EvaluationService(ModelService models, DatasetService datasets, EvaluationRepository evaluations,
            TransactionTemplate tx, JsonMapper json, Clock clock) {
        this.models = models;
        this.datasets = datasets;
        this.evaluations = evaluations;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Evaluates model {@code modelId} on dataset {@code datasetId} and stores the result.
     *
     * @throws NotFoundException when no model has that id
     * @throws InvalidRequestException when no dataset has that id, or its columns or classes do not match the model's
     */
    EvaluationResponse evaluate(UUID modelId, UUID datasetId) {
        TrainedModel model = models.load(modelId);
        if (datasets.info(datasetId).isEmpty()) {
            throw new InvalidRequestException("datasetId", "no dataset has id " + datasetId);
        }
        List<DatasetColumns> seen = new ArrayList<>(1);
        List<Supplier<EvaluationMetrics>> result = new ArrayList<>(1);
        datasets.scan(datasetId, columns -> {
            seen.add(columns);
            return model.task() == Task.CLASSIFICATION ? classification(model, columns, result)
                    : regression(model, columns, result);
        });
        DatasetColumns dataset = seen.getFirst();
        EvaluationMetrics metrics = result.getFirst().get();
        Evaluation evaluation = new Evaluation(UUID.randomUUID(), modelId, datasetId, dataset.name(), dataset.labelledRows(),
                json.writeValueAsString(metrics), Instant.now(clock).truncatedTo(ChronoUnit.MICROS), Caller.currentId());
        try {
            tx.executeWithoutResult(status -> evaluations.saveAndFlush(evaluation));
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            // the model was deleted while its evaluation ran
            throw new NotFoundException("Model", modelId);
        }
        return response(evaluation);
    }

    @Transactional(readOnly = true)
    PageResponse<EvaluationResponse> list(UUID modelId, int page, int size) {
        models.get(modelId); // 404 for a model that is not there, not an empty list
        var found = evaluations.findByModelId(modelId, PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"))));
        return PageResponse.of(found, this::response);
    }

    @Transactional(readOnly = true)
    EvaluationResponse get(UUID modelId, UUID id) {
        return evaluations.findByIdAndModelId(id, modelId).map(this::response)
                .orElseThrow(() -> new NotFoundException("Evaluation", id));
    }

    @Transactional(readOnly = true)
    Optional<EvaluationResponse> latest(UUID modelId) {
        return evaluations.findFirstByModelIdOrderByCreatedAtDesc(modelId).map(this::response);
    }

    private EvaluationResponse response(Evaluation e) {
        return new EvaluationResponse(e.getId(), e.modelId(), e.datasetId(), e.datasetName(), e.rowCount(),
                json.readValue(e.metrics(), EvaluationMetrics.class), e.createdAt(), e.createdBy());
    }

    private static Consumer<RowBlock> classification(TrainedModel model, DatasetColumns columns,
            List<Supplier<EvaluationMetrics>> result) {
        Alignment at = Alignment.of(model, columns.featureNames(), columns.featureLevels(), columns.labels(),
                columns.targetNames());
        List<Violation> violations = featureViolations(at, columns);
        if (columns.task() != Task.CLASSIFICATION) {
            violations.add(Violation.of("datasetId", "the model classifies; dataset '" + columns.name()
                    + "' has numeric targets (REGRESSION)"));
            throw new InvalidRequestException(violations);
        }
        if (!at.unseenLabels().isEmpty()) {
            violations.add(Violation.of("datasetId", "dataset '" + columns.name() + "' has class labels the model never saw: "
                    + at.unseenLabels() + "; the model knows " + model.labels()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        var metrics = new Metrics.Classification(model.labels().size());
        result.add(() -> EvaluationMetrics.of(metrics.result(), model.labels()));
        return block -> passes(model, columns, at, block, (outputs, rows) -> {
            for (int r = 0; r < outputs.rows(); r++) {
                metrics.add(at.classOf()[(int) block.targets()[rows[r]]], model.probabilities(outputs, r));
            }
        });
    }

    private static Consumer<RowBlock> regression(TrainedModel model, DatasetColumns columns,
            List<Supplier<EvaluationMetrics>> result) {
        Alignment at = Alignment.of(model, columns.featureNames(), columns.featureLevels(), columns.labels(),
                columns.targetNames());
        List<Violation> violations = featureViolations(at, columns);
        if (columns.task() != Task.REGRESSION) {
            violations.add(Violation.of("datasetId", "the model is a regression; dataset '" + columns.name()
                    + "' has class labels (CLASSIFICATION)"));
            throw new InvalidRequestException(violations);
        }
        if (!at.missingTargets().isEmpty()) {
            violations.add(Violation.of("datasetId", "dataset '" + columns.name() + "' lacks the model's targets "
                    + at.missingTargets() + "; it has " + columns.targetNames()));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        int targets = columns.targetNames().size();
        int[] targetAt = at.targetAt();
        var metrics = new Metrics.Regression(model.targetNames().size());
        result.add(() -> EvaluationMetrics.of(metrics.result(), model.targetNames()));
        double[] actual = new double[targetAt.length];
        return block -> passes(model, columns, at, block, (outputs, rows) -> {
            for (int r = 0; r < outputs.rows(); r++) {
                for (int t = 0; t < targetAt.length; t++) {
                    actual[t] = block.targets()[rows[r] * targets + targetAt[t]];
                }
                metrics.add(actual, 0, outputs.data(), r * outputs.cols());
            }
        });
    }

    private interface Pass {
        /** Scores the outputs of the block's rows {@code rows} (the r-th output is row {@code rows[r]}). */
        void score(Matrix outputs, int[] rows);
    }

    /**
     * Predicts a block a pass at a time, the dataset's columns put in the model's order and terms; a row
     * without its target is left out, and a gap the model cannot fill is refused.
     */
    private static void passes(TrainedModel model, DatasetColumns columns, Alignment at, RowBlock block, Pass pass) {
        int width = columns.featureNames().size();
        int inputs = at.featureAt().length;
        int targets = columns.targetNames().size();
        for (int first = 0; first < block.rows(); first += ROWS_PER_PASS) {
            int end = Math.min(block.rows(), first + ROWS_PER_PASS);
            int[] kept = new int[end - first];
            int rows = 0;
            for (int r = first; r < end; r++) {
                if (labelled(block.targets(), r, targets)) {
                    kept[rows++] = r;
                }
            }
            double[] x = new double[rows * inputs];
            for (int k = 0; k < rows; k++) {
                int from = kept[k] * width;
                for (int i = 0; i < inputs; i++) {
                    double v = block.features()[from + at.featureAt()[i]];
                    if (Double.isNaN(v)) {
                        if (model.inputs().columns().get(i) instanceof Inputs.Number n && !n.imputes()) {
                            throw new InvalidRequestException("datasetId", "dataset '" + columns.name()
                                    + "' has missing values in column '" + n.name() + "', which the model cannot fill"
                                    + " (it was trained before gaps were imputed)");
                        }
                    } else if (at.levelCodes()[i] != null) {
                        v = at.levelCodes()[i][(int) v];
                    }
                    x[k * inputs + i] = v;
                }
            }
            if (rows > 0) {
                pass.score(model.predict(new Matrix(rows, inputs, x)), Arrays.copyOf(kept, rows));
            }
        }
    }

    private static boolean labelled(double[] targets, int row, int count) {
        for (int t = 0; t < count; t++) {
            if (Double.isNaN(targets[row * count + t])) {
                return false;
            }
        }
        return true;
    }

    /** The dataset's features against the model's: those it lacks, or else the columns of another kind. */
    private static List<Violation> featureViolations(Alignment at, DatasetColumns columns) {
        List<Violation> violations = new ArrayList<>();
        if (!at.missingFeatures().isEmpty()) {
            violations.add(Violation.of("datasetId", "dataset '" + columns.name() + "' lacks the model's features "
                    + at.missingFeatures() + "; it has " + columns.featureNames()));
            return violations;
        }
        for (Inputs.Column column : at.mismatchedKinds()) {
            boolean category = column instanceof Inputs.Category;
            violations.add(Violation.of("datasetId", "column '" + column.name() + "' is a "
                    + (category ? "CATEGORY to the model and a NUMBER" : "NUMBER to the model and a CATEGORY")
                    + " in dataset '" + columns.name() + "'"));
        }
        return violations;
    }
}
