package dev.backprop.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Inputs;
import dev.backprop.engine.Matrix;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.model.ModelService;
import dev.backprop.system.DatabaseStatus;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PayloadTooLargeException;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;

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
    private final DatabaseStatus database;
    private final ModelService models;
    private final PredictionProperties properties;

    PredictionService(ModelCache cache, ModelService models, PredictionProperties properties, DatabaseStatus database) {
        this.database = database;
        this.cache = cache;
        this.models = models;
        this.properties = properties;
    }

    /**
     * One row's prediction: the raw outputs and, by task, the label and class probabilities or the values;
     * the columns whose missing value the model filled, and the categories it had never seen (no input set).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Prediction(double[] outputs, String label, Map<String, Double> probabilities, Map<String, Double> values,
            List<String> imputed, Map<String, String> unknownCategories) {

        Prediction with(List<String> imputed, Map<String, String> unknown) {
            return new Prediction(outputs, label, probabilities, values, imputed, unknown);
        }
    }

    /** Name lookups: numbered versions never change their model; "latest" and aliases are looked up again after this. */
    private static final long MOVABLE_TTL_NANOS = 1_000_000_000L;

    private record Resolved(ModelService.ModelRef ref, long expires) {
    }

    private final ConcurrentHashMap<String, Resolved> names = new ConcurrentHashMap<>();

    /**
     * The model a name and version ({@code "latest"}, a number or an alias) point to, remembered so
     * that repeated calls by name stay off the database (a new latest version or a moved alias shows
     * within a second).
     */
    ModelService.ModelRef resolve(String name, String version) {
        String key = key(name, version);
        long now = System.nanoTime();
        Resolved cached = names.get(key);
        if (cached != null && now - cached.expires() < 0) {
            return cached.ref();
        }
        // while the database does not answer, "latest" and aliases stay what they last were
        if (cached != null && database.down()) {
            return cached.ref();
        }
        ModelService.ModelRef ref;
        try {
            ref = models.find(name, version).orElseThrow(() -> ModelService.isAlias(version)
                    ? NotFoundException.saying("Model '" + name + "' has no alias '" + version + "'")
                    : new NotFoundException("Model", name + " version " + version));
        } catch (RuntimeException e) {
            if (database.failed(e) && cached != null) {
                return cached.ref();
            }
            throw e;
        }
        names.put(key, new Resolved(ref, movable(version) ? now + MOVABLE_TTL_NANOS : Long.MAX_VALUE));
        return ref;
    }

    /** Whether a version names a model that can change: {@code latest} or an alias, not a number. */
    private static boolean movable(String version) {
        return "latest".equals(version) || ModelService.isAlias(version);
    }

    /** A moved or deleted alias is looked up again at once here; other instances do within a second. */
    @TransactionalEventListener
    void on(ModelService.AliasChanged event) {
        names.remove(key(event.name(), event.alias()));
    }

    private static String key(String name, String version) {
        return name + '\u0000' + version;
    }

    @TransactionalEventListener
    void on(ModelService.ModelDeleted event) {
        names.values().removeIf(r -> r.ref().id().equals(event.id()));
    }

    /**
     * Forgets the models another instance deleted: every {@code backprop.prediction.deletion-check}
     * the ids this instance serves from memory are looked up at once, off the request path. While the
     * database cannot answer, the models stay served.
     */
    @Scheduled(fixedDelayString = "${backprop.prediction.deletion-check:1s}",
            initialDelayString = "${backprop.prediction.deletion-check:1s}")
    void forgetDeleted() {
        Set<UUID> held = new HashSet<>(cache.ids());
        names.values().forEach(r -> held.add(r.ref().id()));
        if (held.isEmpty()) {
            return;
        }
        if (database.down()) {
            return;
        }
        Set<UUID> present;
        try {
            present = models.existing(held);
        } catch (RuntimeException e) {
            if (!database.failed(e)) {
                throw e;
            }
            return;
        }
        for (UUID id : held) {
            if (!present.contains(id)) {
                cache.drop(id);
                names.values().removeIf(r -> r.ref().id().equals(id));
            }
        }
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
        return forward(entry, flat, rows);
    }

    private Matrix forward(ModelCache.Entry entry, double[] flat, int rows) {
        long start = System.nanoTime();
        Matrix outputs = entry.model().predict(new Matrix(rows, entry.model().inputs().columns().size(), flat));
        entry.latency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        entry.rows().record(rows);
        return outputs;
    }

    /**
     * Predictions for rows as callers have them: each an array of raw values in the model's column order,
     * or an object by column name (a field left out is missing). A number column takes a number (or text
     * that reads as one), a category column text or a number; null is missing. A gap the model can fill
     * and a category it never saw are answered and reported per row, or refused when {@code strict}.
     */
    List<Prediction> predict(UUID id, JsonNode rows, String field, boolean strict) {
        ModelCache.Entry entry = cache.entry(id);
        TrainedModel model = entry.model();
        List<Inputs.Column> columns = model.inputs().columns();
        int width = columns.size();
        if (rows == null || !rows.isArray()) {
            throw new InvalidRequestException(field, "must be an array of rows: arrays of values in the order "
                    + model.featureNames() + ", or objects by column name");
        }
        checkCount(rows.size(), field);
        int count = rows.size();
        double[] flat = new double[count * width];
        List<Violation> problems = new ArrayList<>();
        List<List<String>> imputed = new ArrayList<>(count);
        List<Map<String, String>> unknown = new ArrayList<>(count);
        List<Map<String, Integer>> levels = entry.levels();
        List<String> names = model.featureNames();
        Set<String> known = new HashSet<>(names);
        for (int r = 0; r < count; r++) {
            JsonNode row = rows.get(r);
            List<String> filled = null;
            Map<String, String> unseen = null;
            boolean named = row.isObject();
            if (named) {
                if (row.size() > width || !known.containsAll(row.propertyNames())) {
                    for (String name : row.propertyNames()) {
                        if (!known.contains(name) && problems.size() < MAX_PROBLEMS) {
                            problems.add(Violation.of(field + "[" + r + "]." + name, "is not a column of the model; it"
                                    + " takes " + names));
                        }
                    }
                }
            } else if (!row.isArray() || row.size() != width) {
                if (problems.size() < MAX_PROBLEMS) {
                    // the column names once, not per row: a thousand short rows must not make a huge answer
                    problems.add(Violation.of(field + "[" + r + "]", (row.isArray() ? "has " + row.size() + " values"
                            : "is not an array or an object") + "; the model takes " + width + " features"
                            + (problems.isEmpty() ? " " + names : "")));
                }
                imputed.add(null);
                unknown.add(null);
                continue;
            }
            for (int j = 0; j < width; j++) {
                Inputs.Column column = columns.get(j);
                JsonNode value = named ? row.get(column.name()) : row.get(j);
                double v = value(column, levels.get(j), value, problems, field, r, named, j);
                if (Double.isNaN(v)) {
                    if (column instanceof Inputs.Number n && !n.imputes()) {
                        add(problems, new Violation(cell(field, r, named, column, j), "is missing; the model cannot"
                                + " fill '" + n.name() + "' (it was trained before gaps were imputed)", (long) r, n.name()));
                    } else if (strict) {
                        add(problems, new Violation(cell(field, r, named, column, j), "is missing (strict)", (long) r,
                                column.name()));
                    }
                    filled = filled == null ? new ArrayList<>() : filled;
                    filled.add(column.name());
                } else if (v < 0 && levels.get(j) != null) {
                    String text = value.asString();
                    if (strict) {
                        add(problems, new Violation(cell(field, r, named, column, j), "'" + text + "' is not a level the"
                                + " model knows for '" + column.name() + "' (strict)", (long) r, column.name()));
                    }
                    unseen = unseen == null ? new LinkedHashMap<>() : unseen;
                    unseen.put(column.name(), text);
                }
                flat[r * width + j] = v;
            }
            imputed.add(filled);
            unknown.add(unseen);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Matrix outputs = forward(entry, flat, count);
        List<Prediction> predictions = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            Prediction p = prediction(model, outputs, r);
            predictions.add(imputed.get(r) == null && unknown.get(r) == null ? p : p.with(imputed.get(r), unknown.get(r)));
        }
        return predictions;
    }

    private static void add(List<Violation> problems, Violation violation) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(violation);
        }
    }

    /** Where a value sits in the request, for a problem: {@code inputs[3].island} or {@code inputs[3][0]}. */
    private static String cell(String field, int row, boolean named, Inputs.Column column, int j) {
        return field + "[" + row + "]" + (named ? "." + column.name() : "[" + j + "]");
    }

    /** One raw value in the model's terms: a number, a level's index (-1 unseen), NaN for missing. */
    private static double value(Inputs.Column column, Map<String, Integer> levels, JsonNode value,
            List<Violation> problems, String field, int row, boolean named, int j) {
        if (value == null || value.isNull()) {
            return Double.NaN;
        }
        // "" and the usual markers are gaps, as in an upload, unless the model knows them as a level
        boolean marker = value.isString() && (value.asString().isEmpty() || Inputs.MISSING_MARKERS.contains(value.asString()));
        if (levels != null) {
            String text;
            if (value.isString()) {
                text = value.asString();
                if (marker && !levels.containsKey(text)) {
                    return Double.NaN;
                }
            } else if (value.isNumber()) {
                text = Inputs.levelText(value.doubleValue());
            } else {
                add(problems, new Violation(cell(field, row, named, column, j), "must be text, a number or null for"
                        + " category '" + column.name() + "'", (long) row, column.name()));
                return 0;
            }
            return levels.getOrDefault(text, -1);
        }
        double v;
        if (value.isNumber()) {
            v = value.doubleValue();
        } else if (marker) {
            return Double.NaN;
        } else if (value.isString()) {
            try {
                v = Double.parseDouble(value.asString().trim());
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (Double.isNaN(v)) {
                add(problems, new Violation(cell(field, row, named, column, j), "'" + value.asString()
                        + "' is not a number; '" + column.name() + "' is a number column", (long) row, column.name()));
                return 0;
            }
        } else {
            add(problems, new Violation(cell(field, row, named, column, j), "must be a number or null for '"
                    + column.name() + "'", (long) row, column.name()));
            return 0;
        }
        if (!Double.isFinite(v)) {
            add(problems, new Violation(cell(field, row, named, column, j), "must be a finite number", (long) row,
                    column.name()));
            return 0;
        }
        return v;
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
        if (!model.inputs().columns().stream().allMatch(c -> c instanceof Inputs.Number)) {
            throw new InvalidRequestException(field, "the model takes category columns " + model.featureNames()
                    + "; send rows by column name to /api/v1/models/{id}/predict");
        }
        if (width != model.inputs().columns().size()) {
            throw new InvalidRequestException(field, "rows have " + width + " values; the model takes "
                    + model.inputs().columns().size() + " features " + model.featureNames());
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
            return new Prediction(out, model.labels().get(best), probabilities, null, null, null);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (int t = 0; t < out.length; t++) {
            values.put(model.targetNames().get(t), out[t]);
        }
        return new Prediction(out, null, null, values, null, null);
    }
}