package dev.backprop.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.backprop.engine.Activation;
import dev.backprop.engine.Dense;
import dev.backprop.engine.Inputs;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.Network;
import dev.backprop.engine.Standardizer;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.Text;
import dev.backprop.system.Violation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The portable model document (docs/model-format.md): a trained model as JSON that reads back bit for
 * bit, for people and other tools. Numbers are written as the shortest decimal that parses back to
 * the same double.
 */
@Schema(description = "A trained model as a portable JSON document (docs/model-format.md)")
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"format", "version", "task", "inputs", "featureNames", "targetNames", "labels", "normalization",
        "standardized", "columns", "layers"})
record ModelDocument(
        @Schema(description = "always \"backprop-model\"", example = FORMAT) String format,
        @Schema(description = "2 (1: numbers only, no columns; still read)", example = "2") Integer version,
        @Schema(description = "CLASSIFICATION or REGRESSION") Task task,
        @Schema(description = "the network's input width: the raw columns after one-hot and indicators", example = "2")
        Integer inputs,
        @Schema(description = "the raw columns a row holds, in order") List<String> featureNames,
        List<String> targetNames,
        @Schema(description = "classification: labels in output order (two for one sigmoid output); regression: []")
        List<String> labels,
        @Schema(description = "version 1 only: null, or the z-score (x - mean) / std applied to raw inputs")
        Normalization normalization,
        @Schema(description = "version 2: whether number columns are scaled by their mean and std") Boolean standardized,
        @Schema(description = "version 2: per raw column, what it becomes (see docs/model-format.md)")
        List<Column> columns,
        @Schema(description = "from input to output") List<Layer> layers) {

    static final String FORMAT = "backprop-model";
    static final int VERSION = 2;

    /**
     * A raw column: a NUMBER (fill for a gap, null when the model refuses gaps; an indicator input; mean and
     * std when standardized) or a CATEGORY (its levels, one input each; its rare levels, one input for
     * them all; an input for a gap, or the level a gap takes, or neither).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Column(String name, String kind, Double fill, Boolean missingIndicator, Double mean, Double std,
            List<String> levels, List<String> rareLevels, Boolean missingInput, String missingLevel) {
    }
    /** Feature, target and class names: as long as a dataset's column names may be. */
    static final int MAX_NAME = 200;

    record Normalization(double[] mean, double[] std) {
    }

    @Schema(name = "ModelDocumentLayer")
    @JsonPropertyOrder({"units", "activation", "bias", "dropout", "weights", "biases"})
    record Layer(
            @Schema(example = "3") Integer units,
            Activation activation,
            @Schema(description = "whether the layer adds a bias (default true); biases is null when false")
            Boolean bias,
            @Schema(description = "training-time dropout rate, informational (default 0)") Double dropout,
            @Schema(description = "the layer's inputs rows by units columns") double[][] weights,
            @Schema(description = "one per unit; null for a layer without bias") double[] biases) {
    }

    static ModelDocument of(TrainedModel model) {
        List<Layer> layers = new ArrayList<>();
        for (dev.backprop.engine.Layer each : model.network().layers()) {
            Dense layer = switch (each) {
                case Dense dense -> dense;
            };
            double[] w = layer.weights().value();
            double[][] rows = new double[layer.inputs()][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = Arrays.copyOfRange(w, r * layer.units(), (r + 1) * layer.units());
            }
            LayerSpec spec = layer.spec();
            layers.add(new Layer(spec.units(), spec.activation(), spec.bias(), spec.dropout(), rows,
                    spec.bias() ? Arrays.copyOf(layer.biases().value(), layer.units()) : null));
        }
        List<Column> columns = new ArrayList<>();
        boolean standardized = model.inputs().standardized();
        for (Inputs.Column column : model.inputs().columns()) {
            columns.add(switch (column) {
                case Inputs.Number n -> new Column(n.name(), "NUMBER", n.imputes() ? n.fill() : null, n.indicator(),
                        standardized ? n.mean() : null, standardized ? n.std() : null, null, null, null, null);
                case Inputs.Category c -> new Column(c.name(), "CATEGORY", null, null, null, null,
                        c.levels().subList(0, c.kept()), c.rare() > 0 ? c.levels().subList(c.kept(), c.levels().size())
                                : null, c.missingInput(), c.fillLevel() >= 0 ? c.levels().get(c.fillLevel()) : null);
            });
        }
        return new ModelDocument(FORMAT, VERSION, model.task(), model.network().inputs(), model.featureNames(),
                model.targetNames(), model.labels(), null, standardized, columns, layers);
    }

    /** The inputs of a version 2 document, each column checked; null after a violation. */
    private Inputs inputsOf(List<Violation> violations) {
        if (columns == null || columns.size() != featureNames.size()) {
            violations.add(Violation.of("columns", "expected one entry per feature name (" + featureNames.size() + ")"));
            return null;
        }
        boolean scaled = standardized == null || standardized;
        List<Inputs.Column> out = new ArrayList<>();
        for (int j = 0; j < columns.size(); j++) {
            String field = "columns[" + j + "]";
            Column c = columns.get(j);
            if (c == null || !featureNames.get(j).equals(c.name())) {
                violations.add(Violation.of(field + ".name", "expected \"" + featureNames.get(j) + "\""));
                continue;
            }
            try {
                if ("NUMBER".equals(c.kind())) {
                    if (scaled && (c.mean() == null || c.std() == null)) {
                        violations.add(Violation.of(field, "a standardized number column needs mean and std"));
                        continue;
                    }
                    if (c.fill() != null && !Double.isFinite(c.fill())) {
                        violations.add(Violation.of(field + ".fill", "must be a finite number"));
                        continue;
                    }
                    out.add(new Inputs.Number(c.name(), c.fill() == null ? Inputs.NO_FILL : c.fill(),
                            c.missingIndicator() != null && c.missingIndicator(), scaled ? c.mean() : 0,
                            scaled ? c.std() : 1));
                } else if ("CATEGORY".equals(c.kind())) {
                    List<String> all = new ArrayList<>(c.levels() == null ? List.of() : c.levels());
                    all.addAll(c.rareLevels() == null ? List.of() : c.rareLevels());
                    names(c.levels() == null ? null : all, field + ".levels", violations);
                    if (c.levels() == null) {
                        continue;
                    }
                    int fill = c.missingLevel() == null ? -1 : c.levels().indexOf(c.missingLevel());
                    if (c.missingLevel() != null && fill < 0) {
                        violations.add(Violation.of(field + ".missingLevel", "is not one of the levels"));
                        continue;
                    }
                    out.add(new Inputs.Category(c.name(), all, c.missingInput() != null && c.missingInput(), fill,
                            all.size() - c.levels().size()));
                } else {
                    violations.add(Violation.of(field + ".kind", "expected NUMBER or CATEGORY"));
                }
            } catch (IllegalArgumentException e) {
                violations.add(Violation.of(field, e.getMessage()));
            }
        }
        return violations.isEmpty() ? new Inputs(out, scaled) : null;
    }

    /**
     * The model this document describes. Every shape is checked against the declared sizes before
     * the network is built, so a document cannot make the service allocate more than it sent.
     *
     * @throws InvalidRequestException naming each field at fault
     */
    TrainedModel toModel() {
        List<Violation> violations = new ArrayList<>();
        if (!FORMAT.equals(format)) {
            violations.add(Violation.of("format", "expected \"" + FORMAT + "\""));
        }
        if (version == null || (version != 1 && version != VERSION)) {
            violations.add(Violation.of("version", "expected " + VERSION + " (or 1)"));
        }
        require(task, "task", violations);
        names(featureNames, "featureNames", violations);
        names(targetNames, "targetNames", violations);
        if (labels != null) {
            names(labels, "labels", violations);
        }
        if (inputs == null || inputs < 1) {
            violations.add(Violation.of("inputs", "expected a positive integer"));
        }
        if (normalization != null) {
            finite(normalization.mean(), "normalization.mean", violations);
            finite(normalization.std(), "normalization.std", violations);
        }
        if (layers == null || layers.isEmpty()) {
            violations.add(Violation.of("layers", "expected a non-empty array"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        Inputs columnsIn = version == 1 ? null : inputsOf(violations);
        if (columnsIn != null && columnsIn.width() != inputs) {
            violations.add(Violation.of("inputs", "the columns make " + columnsIn.width() + " inputs, not " + inputs));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        List<LayerSpec> specs = new ArrayList<>();
        int width = inputs;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = checkLayer(i, width, violations);
            if (spec == null) {
                break;
            }
            specs.add(spec);
            width = spec.units();
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        try {
            Network network = new Network(inputs, specs);
            for (int i = 0; i < specs.size(); i++) {
                network.setLayer(i, layers.get(i).weights(), specs.get(i).bias() ? layers.get(i).biases() : null);
            }
            if (columnsIn != null) {
                return new TrainedModel(task, network, columnsIn, targetNames, labels == null ? List.of() : labels);
            }
            Standardizer standardizer = normalization == null ? null
                    : new Standardizer(normalization.mean(), normalization.std());
            return new TrainedModel(task, network, standardizer, featureNames, targetNames,
                    labels == null ? List.of() : labels);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("body", e.getMessage());
        }
    }

    /** Layer {@code i}'s spec, its weights checked to be {@code width} x units; null after a violation. */
    private LayerSpec checkLayer(int i, int width, List<Violation> violations) {
        String field = "layers[" + i + "]";
        Layer layer = layers.get(i);
        if (layer == null) {
            violations.add(Violation.of(field, "expected an object"));
            return null;
        }
        int before = violations.size();
        if (layer.units() == null || layer.units() < 1) {
            violations.add(Violation.of(field + ".units", "expected a positive integer"));
        }
        require(layer.activation(), field + ".activation", violations);
        double dropout = layer.dropout() == null ? 0 : layer.dropout();
        if (!(dropout >= 0 && dropout < 1)) {
            violations.add(Violation.of(field + ".dropout", "must be at least 0 and below 1"));
        }
        boolean bias = layer.bias() == null || layer.bias();
        if (violations.size() > before) {
            return null;
        }
        double[][] w = layer.weights();
        if (w == null || w.length != width) {
            violations.add(Violation.of(field + ".weights", "expected " + width + " rows (the layer's inputs)"));
        } else {
            for (int r = 0; r < w.length; r++) {
                if (w[r] == null || w[r].length != layer.units()) {
                    violations.add(Violation.of(field + ".weights[" + r + "]",
                            "expected " + layer.units() + " values (the layer's units)"));
                    break;
                }
                finite(w[r], field + ".weights[" + r + "]", violations);
            }
        }
        if (bias) {
            if (layer.biases() == null || layer.biases().length != layer.units()) {
                violations.add(Violation.of(field + ".biases", "expected " + layer.units()
                        + " values (the layer's units); required when bias is true"));
            } else {
                finite(layer.biases(), field + ".biases", violations);
            }
        }
        return violations.size() > before ? null : new LayerSpec(layer.units(), layer.activation(), bias, dropout);
    }

    private static void names(List<String> values, String field, List<Violation> violations) {
        require(values, field, violations);
        Set<String> seen = new HashSet<>();
        for (int i = 0; values != null && i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                violations.add(Violation.of(field + "[" + i + "]", "must be a string"));
                return;
            }
            if (value.isBlank() || value.length() > MAX_NAME) {
                violations.add(Violation.of(field + "[" + i + "]", "must be 1 to " + MAX_NAME + " characters, not blank"));
                return;
            }
            if (Text.hasControl(value)) {
                violations.add(Violation.of(field + "[" + i + "]", Text.NO_CONTROL_MESSAGE));
                return;
            }
            if (!seen.add(value)) {
                violations.add(Violation.of(field + "[" + i + "]", "repeats \"" + value + "\": names must differ"));
                return;
            }
        }
    }

    private static void require(Object value, String field, List<Violation> violations) {
        if (value == null) {
            violations.add(Violation.of(field, "is required"));
        }
    }

    private static void finite(double[] values, String field, List<Violation> violations) {
        if (values == null) {
            violations.add(Violation.of(field, "is required"));
            return;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                violations.add(Violation.of(field + "[" + i + "]", "must be a finite number"));
                return;
            }
        }
    }
}
