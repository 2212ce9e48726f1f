package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.Loss;
import dev.backprop.engine.Preprocessing;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The network to train. Only the hidden layers are given; the output layer follows from the
 * dataset (one unit per class, or per regression target) unless {@code output} says otherwise.
 */
@Schema(description = "The network: hidden layers, output layer, loss and initialization; every field optional")
@JsonInclude(JsonInclude.Include.NON_NULL)
record ModelRequest(
        @Size(max = MAX_HIDDEN_LAYERS, message = "at most {max} hidden layers are allowed")
        @Schema(description = "Shorthand: units of each hidden layer, all with `activation`", example = "[3]")
        List<@NotNull(message = UNITS) @Min(value = 1, message = UNITS) @Max(value = MAX_UNITS, message = UNITS) Integer>
        hiddenLayers,
        @Schema(description = "Activation of the hidden layers given by hiddenLayers (default TANH)", example = "TANH")
        Activation activation,
        @Size(max = MAX_HIDDEN_LAYERS, message = "at most {max} hidden layers are allowed")
        @Schema(description = "Full form of the hidden layers; use instead of hiddenLayers")
        List<@NotNull(message = "must be an object") @Valid LayerRequest> layers,
        @Schema(description = "The output layer (default: SOFTMAX for classes, IDENTITY for regression)")
        OutputRequest output,
        @Schema(description = "Default: CATEGORICAL_CROSS_ENTROPY after softmax, BINARY_CROSS_ENTROPY after a sigmoid"
                + " classifier, SQUARED_ERROR otherwise")
        Loss loss,
        @Schema(description = "UNIFORM (Trask), NORMAL_SCALED (Britz, default), XAVIER or HE")
        Initializer initialization,
        @Schema(description = "Explicit starting weights, one entry per layer including the output layer")
        List<LayerWeights> initialWeights,
        @Schema(description = "Standardize number inputs with the training split's mean and std (default true)")
        Boolean standardize,
        @Valid
        @Schema(description = "What missing values and categories become; learnt from the training split")
        PreprocessingRequest preprocessing) {

    static final int MAX_UNITS = 4096;
    static final int MAX_HIDDEN_LAYERS = 32;
    static final String UNITS = "units must be between 1 and " + MAX_UNITS;
    static final String BELOW_ONE = "must be at least 0 and below 1";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LayerRequest(
            @NotNull(message = "must be between 1 and " + MAX_UNITS)
            @Min(value = 1, message = "must be between 1 and " + MAX_UNITS)
            @Max(value = MAX_UNITS, message = "must be between 1 and " + MAX_UNITS)
            @Schema(example = "16") Integer units,
            @Schema(example = "RELU") Activation activation,
            @Schema(description = "default true") Boolean bias,
            @DecimalMin(value = "0", message = BELOW_ONE) @DecimalMax(value = "1", inclusive = false, message = BELOW_ONE)
            @Schema(description = "fraction of outputs dropped while training, [0, 1); default 0") Double dropout) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PreprocessingRequest(
            @Schema(description = "What fills a missing number: MEAN (default), MEDIAN or CONSTANT of the training split")
            Preprocessing.Imputation impute,
            @DecimalMin(value = "-1e300", message = "must be a finite number")
            @DecimalMax(value = "1e300", message = "must be a finite number")
            @Schema(description = "With CONSTANT: the value (default 0)") Double constant,
            @Schema(description = "Add a 0/1 input saying a number was missing, for columns with gaps in training"
                    + " (default false)") Boolean missingIndicator,
            @Schema(description = "What a missing category becomes: LEVEL, an input of its own (default), or"
                    + " MOST_FREQUENT, the training split's most frequent level")
            Preprocessing.CategoryMissing missingCategory,
            @Min(value = 1, message = "must be at least 1") @Max(value = 1_000_000, message = "must be at most 1000000")
            @Schema(description = "Levels seen in fewer training rows than this share one input (when two or more are"
                    + " that rare); default 1, every level its own input") Integer minLevelRows) {

        /** The engine's settings, defaults filled in. */
        Preprocessing resolve() {
            return new Preprocessing(impute == null ? Preprocessing.Imputation.MEAN : impute,
                    constant == null ? 0 : constant, missingIndicator != null && missingIndicator,
                    missingCategory == null ? Preprocessing.CategoryMissing.LEVEL : missingCategory,
                    minLevelRows == null ? 1 : minLevelRows);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OutputRequest(
            @Schema(description = "SOFTMAX, SIGMOID (one unit for two classes), IDENTITY, ...") Activation activation,
            @Schema(description = "default true") Boolean bias) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LayerWeights(
            @Schema(description = "inputs x units") double[][] weights,
            @Schema(description = "one per unit; leave out for a layer without bias") double[] biases) {
    }
}
