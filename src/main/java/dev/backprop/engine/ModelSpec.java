package dev.backprop.engine;

import java.util.List;

/**
 * A network to build: its layers (the last is the output layer), how its weights start, whether
 * number inputs are standardized with statistics from the training split, and how raw columns with
 * gaps and categories become inputs ({@link Preprocessing}).
 *
 * @param initialWeights null, or per layer the explicit weights (inputs x units) to start from; then
 *     {@code initialBiases} gives per layer the biases (null entries for layers without)
 * @param initSeed seeds the initializer's draws ({@link RandomState}, numpy-compatible)
 */
public record ModelSpec(
        List<LayerSpec> layers,
        Initializer initializer,
        long initSeed,
        List<double[][]> initialWeights,
        List<double[]> initialBiases,
        boolean standardize,
        Preprocessing preprocessing) {

    /** A spec with the default preprocessing (means for missing numbers, missing categories as a level). */
    public ModelSpec(List<LayerSpec> layers, Initializer initializer, long initSeed, List<double[][]> initialWeights,
            List<double[]> initialBiases, boolean standardize) {
        this(layers, initializer, initSeed, initialWeights, initialBiases, standardize, Preprocessing.DEFAULT);
    }

    public ModelSpec {
        if (preprocessing == null) {
            throw new IllegalArgumentException("preprocessing is required");
        }
        layers = List.copyOf(layers);
        if (initialWeights != null && initialWeights.size() != layers.size()) {
            throw new IllegalArgumentException("initial weights are given for " + initialWeights.size()
                    + " layers, the network has " + layers.size());
        }
        if (initialWeights != null && (initialBiases == null || initialBiases.size() != layers.size())) {
            throw new IllegalArgumentException("with initial weights, give initial biases for every layer too"
                    + " (null for a layer without bias)");
        }
    }

    public Network build(int inputs) {
        Network network = Network.create(inputs, layers, initializer, initSeed);
        if (initialWeights != null) {
            for (int i = 0; i < layers.size(); i++) {
                network.setLayer(i, initialWeights.get(i), initialBiases.get(i));
            }
        }
        return network;
    }
}
