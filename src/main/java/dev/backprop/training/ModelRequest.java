package dev.backprop.training;

import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.Loss;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The network to train. Only the hidden layers are given; the output layer follows from the
 * dataset (one unit per class, or per regression target) unless {@code output} says otherwise.
 */
@Schema(description = "The network: hidden layers, output layer, loss and initialization; every field optional")
@JsonInclude(JsonInclude.Include.NON_NULL)
record ModelRequest(
        @Schema(description = "Shorthand: units of each hidden layer, all with `activation`", example = "[3]")
        List<Integer> hiddenLayers,
        @Schema(description = "Activation of the hidden layers given by hiddenLayers (default TANH)", example = "TANH")
        Activation activation,
        @Schema(description = "Full form of the hidden layers; use instead of hiddenLayers")
        List<LayerRequest> layers,
        @Schema(description = "The output layer (default: SOFTMAX for classes, IDENTITY for regression)")
        OutputRequest output,
        @Schema(description = "Default: CATEGORICAL_CROSS_ENTROPY after softmax, BINARY_CROSS_ENTROPY after a sigmoid"
                + " classifier, SQUARED_ERROR otherwise")
        Loss loss,
        @Schema(description = "UNIFORM (Trask), NORMAL_SCALED (Britz, default), XAVIER or HE")
        Initializer initialization,
        @Schema(description = "Explicit starting weights, one entry per layer including the output layer")
        List<LayerWeights> initialWeights,
        @Schema(description = "Standardize inputs with the training split's mean and std (default true)")
        Boolean standardize) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LayerRequest(
            @Schema(example = "16") Integer units,
            @Schema(example = "RELU") Activation activation,
            @Schema(description = "default true") Boolean bias,
            @Schema(description = "fraction of outputs dropped while training, [0, 1); default 0") Double dropout) {
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
