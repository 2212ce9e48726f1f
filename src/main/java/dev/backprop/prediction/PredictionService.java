package dev.backprop.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Matrix;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.model.ModelService;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PayloadTooLargeException;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Predictions from stored models: checks the rows against the model (width, finite numbers, batch
 * size), applies the model's normalization and forward pass from the in-memory cache, and turns the
 * outputs into labels and probabilities or named values.
 */
@Service
class PredictionService {

    /** Problems listed in one answer, at most: enough to fix a request by, never a flood. */
    static final int MAX_PROBLEMS = 50;

    private final ModelCache cache;
    private final ModelService models;
    private final PredictionProperties properties;

    PredictionService(ModelCache cache, ModelService models, PredictionProperties properties) {
        this.cache = cache;
        this.models = models;
        this.properties = properties;
    }

    /** One row's prediction: the raw outputs and, by task, the label and class probabilities or the values. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Prediction(double[] outputs, String label, Map<String, Double> probabilities, Map<String, Double> values) {
    }

    /** Name lookups: explicit versions never change their model; "latest" is looked up again after this. */
    private static final long LATEST_TTL_NANOS = 1_000_000_000L;

    private record Resolved(ModelService.ModelRef ref, long expires) {
    }

    private final ConcurrentHashMap<String, Resolved> names = new ConcurrentHashMap<>();

    /**
     * The model a name and version ({@code "latest"} or a number) point to, remembered so that
     * repeated calls by name stay off the database (a new latest version shows within a second).
     */
    ModelService.ModelRef resolve(String name, String version) {
        String key = name + '\u0000' + version;
        long now = System.nanoTime();
        Resolved cached = names.get(key);
        if (cached != null && now - cached.expires() < 0) {
            return cached.ref();
        }
        ModelService.ModelRef ref = models.find(name, version)
                .orElseThrow(() -> new NotFoundException("Model", name + " version " + version));
        names.put(key, new Resolved(ref, "latest".equals(version) ? now + LATEST_TTL_NANOS : Long.MAX_VALUE));
        return ref;
    }

    @TransactionalEventListener
    void on(ModelService.ModelDeleted event) {
        names.values().removeIf(r -> r.ref().id().equals(event.id()));
    }

    TrainedModel model(UUID id) {
        return cache.get(id);
    }

    /** The model with the name and version its predictions are counted under. */
    ModelCache.Entry entry(UUID id) {
        return cache.entry(id);
    }

    /**
     * The raw outputs of model {@code id} for the rows, checked; {@code field} names the rows in error
     * messages. Timed per model name and version ({@code backprop.predictions}, a histogram), with
     * the rows counted ({@code backprop.prediction.rows}).
     */
    Matrix outputs(ModelCache.Entry entry, double[] flat, int rows, int width, String field) {
        check(entry.model(), flat, rows, width, field);
        long start = System.nanoTime();
        Matrix outputs = entry.model().predict(new Matrix(rows, width, flat));
        entry.latency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        entry.rows().record(rows);
        return outputs;
    }

    List<Prediction> predict(UUID id, double[][] rows, String field) {
        ModelCache.Entry entry = cache.entry(id);
        TrainedModel model = entry.model();
        int width = model.network().inputs();
        checkCount(rows.length, field);
        double[] flat = new double[rows.length * width];
        List<Violation> problems = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != width) {
                // the feature names once, not per row: a thousand short rows must not make a huge answer
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(Violation.of(field + "[" + r + "]", "has " + (rows[r] == null ? 0 : rows[r].length)
                            + " values; the model takes " + width + " features"
                            + (problems.isEmpty() ? " " + model.featureNames() : "")));
                }
                continue;
            }
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Matrix outputs = outputs(entry, flat, rows.length, width, field);
        List<Prediction> predictions = new ArrayList<>(rows.length);
        for (int r = 0; r < rows.length; r++) {
            predictions.add(prediction(model, outputs, r));
        }
        return predictions;
    }

    private void checkCount(int rows, String field) {
        if (rows == 0) {
            throw new InvalidRequestException(field, "must hold at least one row");
        }
        if (rows > properties.maxRows()) {
            throw new PayloadTooLargeException("The request has " + rows + " rows; at most " + properties.maxRows()
                    + " are allowed per request (backprop.prediction.max-rows)");
        }
    }

    private void check(TrainedModel model, double[] flat, int rows, int width, String field) {
        checkCount(rows, field);
        if (width != model.network().inputs()) {
            throw new InvalidRequestException(field, "rows have " + width + " values; the model takes "
                    + model.network().inputs() + " features " + model.featureNames());
        }
        List<Violation> problems = new ArrayList<>();
        for (int i = 0; i < rows * width && problems.size() < MAX_PROBLEMS; i++) {
            if (!Double.isFinite(flat[i])) {
                problems.add(new Violation(field + "[" + i / width + "][" + i % width + "]", "must be a finite number",
                        (long) (i / width), model.featureNames().get(i % width)));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    static Prediction prediction(TrainedModel model, Matrix outputs, int row) {
        double[] out = outputs.row(row);
        if (model.task() == Task.CLASSIFICATION) {
            double[] p = model.probabilities(outputs, row);
            Map<String, Double> probabilities = new LinkedHashMap<>();
            int best = 0;
            for (int k = 0; k < p.length; k++) {
                probabilities.put(model.labels().get(k), p[k]);
                if (p[k] > p[best]) {
                    best = k;
                }
            }
            return new Prediction(out, model.labels().get(best), probabilities, null);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (int t = 0; t < out.length; t++) {
            values.put(model.targetNames().get(t), out[t]);
        }
        return new Prediction(out, null, null, values);
    }
}
