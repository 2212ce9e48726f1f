package dev.backprop.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.backprop.engine.Activation;
import dev.backprop.engine.Dense;
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
        "layers"})
record ModelDocument(
        @Schema(description = "always \"backprop-model\"", example = FORMAT) String format,
        @Schema(description = "always 1", example = "1") Integer version,
        @Schema(description = "CLASSIFICATION or REGRESSION") Task task,
        @Schema(description = "number of input features; the length of featureNames", example = "2") Integer inputs,
        List<String> featureNames,
        List<String> targetNames,
        @Schema(description = "classification: labels in output order (two for one sigmoid output); regression: []")
        List<String> labels,
        @Schema(description = "null, or the z-score (x - mean) / std applied to raw inputs") Normalization normalization,
        @Schema(description = "from input to output") List<Layer> layers) {

    static final String FORMAT = "backprop-model";
    static final int VERSION = 1;
    /** Feature, target and class names: as long as a dataset's column names may be. */
    static final int MAX_NAME = 200;

    record Normalization(double[] mean, double[] std) {
    }

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
        Standardizer s = model.standardizer();
        List<Layer> layers = new ArrayList<>();
        for (Dense layer : model.network().layers()) {
            double[] w = layer.weights().value();
            double[][] rows = new double[layer.inputs()][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = Arrays.copyOfRange(w, r * layer.units(), (r + 1) * layer.units());
            }
            LayerSpec spec = layer.spec();
            layers.add(new Layer(spec.units(), spec.activation(), spec.bias(), spec.dropout(), rows,
                    spec.bias() ? Arrays.copyOf(layer.biases().value(), layer.units()) : null));
        }
        return new ModelDocument(FORMAT, VERSION, model.task(), model.network().inputs(), model.featureNames(),
                model.targetNames(), model.labels(), s == null ? null : new Normalization(s.mean(), s.std()), layers);
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
        if (version == null || version != VERSION) {
            violations.add(Violation.of("version", "expected " + VERSION));
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
