package dev.backprop.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stack of {@link Layer}s with a loss at the top: forward, backward, and the flat list of
 * parameters an optimizer steps. Holds per-batch buffers, so one instance trains on one thread;
 * {@link #predict} allocates its own and may run concurrently with other predictions.
 */
public final class Network {

    private final int inputs;
    private final List<Layer> layers;
    private final List<LayerSpec> specs;
    private final OutputLayer output;
    private final List<Parameter> parameters;
    private final Matrix lossGradient = new Matrix(0, 0);
    private final Loss.Scratch scratch = new Loss.Scratch();
    private Matrix lastOutputs;

    /** A network with all weights and biases zero; see {@link #initialize} and {@link #setLayer}. */
    public Network(int inputs, List<LayerSpec> specs) {
        if (inputs < 1) {
            throw new IllegalArgumentException("a network needs at least one input, got " + inputs);
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        this.inputs = inputs;
        List<Layer> built = new ArrayList<>();
        List<Parameter> params = new ArrayList<>();
        Dense top = null;
        int width = inputs;
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec spec = specs.get(i);
            if (spec.activation() == Activation.SOFTMAX && i != specs.size() - 1) {
                throw new IllegalArgumentException("softmax belongs on the output layer only, found it on layer " + i);
            }
            if (spec.dropout() > 0 && i == specs.size() - 1) {
                throw new IllegalArgumentException("dropout applies to hidden layers, not the output layer");
            }
            top = new Dense(width, spec, i, i == specs.size() - 1);
            built.add(top);
            params.addAll(top.parameters());
            width = spec.units();
        }
        this.layers = List.copyOf(built);
        this.specs = List.copyOf(specs);
        this.output = top;
        this.parameters = List.copyOf(params);
    }

    /** A network whose weights are drawn by {@code initializer} from {@code RandomState(seed)}. */
    public static Network create(int inputs, List<LayerSpec> specs, Initializer initializer, long seed) {
        Network network = new Network(inputs, specs);
        network.initialize(initializer, new RandomState(seed));
        return network;
    }

    /** Draws every layer's weights in order from {@code random}; zeroes the biases. */
    public void initialize(Initializer initializer, RandomState random) {
        for (Layer layer : layers) {
            switch (layer) {
                case Dense dense -> {
                    initializer.fill(dense.weights().value(), dense.inputs(), dense.units(), random);
                    Arrays.fill(dense.biases().value(), 0.0);
                }
            }
        }
    }

    /** Sets one layer's weights (inputs x units) and biases (units, or null when it has none). */
    public void setLayer(int index, double[][] weights, double[] biases) {
        Dense layer = switch (layers.get(index)) {
            case Dense dense -> dense;
        };
        if (weights.length != layer.inputs()) {
            throw new IllegalArgumentException("layer " + index + " takes " + layer.inputs() + " rows of weights, got "
                    + weights.length);
        }
        double[] w = layer.weights().value();
        for (int r = 0; r < weights.length; r++) {
            if (weights[r].length != layer.units()) {
                throw new IllegalArgumentException("layer " + index + " weights row " + r + " has " + weights[r].length
                        + " values, expected " + layer.units());
            }
            System.arraycopy(weights[r], 0, w, r * layer.units(), layer.units());
        }
        double[] b = layer.biases().value();
        if (biases == null) {
            Arrays.fill(b, 0.0);
        } else {
            if (biases.length != b.length) {
                throw new IllegalArgumentException("layer " + index + " takes " + b.length + " biases, got " + biases.length);
            }
            System.arraycopy(biases, 0, b, 0, b.length);
        }
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return output.outputs();
    }

    /** From input to output. */
    public List<Layer> layers() {
        return layers;
    }

    /** The layers' descriptions, from input to output. */
    public List<LayerSpec> specs() {
        return specs;
    }

    /** Weights and biases in layer order, the arrays an optimizer updates. */
    public List<Parameter> parameters() {
        return parameters;
    }

    public int parameterCount() {
        int count = 0;
        for (Parameter p : parameters) {
            count += p.size();
        }
        return count;
    }

    /** Runs a batch forward; returns the output layer's outputs (a buffer reused by the next call). */
    public Matrix forward(Matrix x, boolean training, SplitStream random) {
        Matrix a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, training, random);
        }
        lastOutputs = a;
        return a;
    }

    /** The output layer's outputs of the last forward pass (a buffer the next pass reuses). */
    Matrix lastOutputs() {
        return lastOutputs;
    }

    /**
     * Forward and backward on one batch: leaves every parameter's gradient of
     * {@code scale * Σ loss} in {@link Parameter#grad()} and returns the summed loss of the batch.
     */
    public double train(Matrix x, Matrix y, Loss loss, double scale, boolean training, SplitStream random) {
        return train(x, y, loss, scale, training, random, true);
    }

    /**
     * As {@link #train(Matrix, Matrix, Loss, double, boolean, SplitStream)}; when not {@code measure},
     * the loss itself is not computed (its gradient needs only the outputs) and NaN is returned.
     */
    public double train(Matrix x, Matrix y, Loss loss, double scale, boolean training, SplitStream random,
            boolean measure) {
        Matrix a = forward(x, training, random);
        Activation activation = output.activation();
        double value = measure ? loss.value(output.preActivations(), a, y, activation, scratch) : Double.NaN;
        loss.outputGradient(a, y, activation, scale, lossGradient);
        Matrix gradient = loss.fusedWith(activation)
                ? output.backwardFromPreActivations(lossGradient, layers.size() > 1)
                : output.backward(lossGradient, layers.size() > 1);
        for (int i = layers.size() - 2; i >= 0; i--) {
            gradient = layers.get(i).backward(gradient, i > 0);
        }
        return value;
    }

    /** The summed loss of a batch in inference mode (no dropout), without touching gradients. */
    public double loss(Matrix x, Matrix y, Loss loss) {
        Matrix a = forward(x, false, null);
        return loss.value(output.preActivations(), a, y, output.activation(), scratch);
    }

    /** Outputs for a batch, computed in fresh buffers: safe to call from several threads at once. */
    public Matrix predict(Matrix x) {
        if (x.cols() != inputs) {
            throw new IllegalArgumentException("the network takes " + inputs + " inputs, got " + x.cols());
        }
        Matrix a = x;
        for (Layer layer : layers) {
            a = layer.predict(a);
        }
        return a;
    }

    /** A copy of every parameter's values, in {@link #parameters()} order. */
    public double[][] snapshot() {
        double[][] copy = new double[parameters.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = parameters.get(i).value().clone();
        }
        return copy;
    }

    /** Puts back values taken by {@link #snapshot()}. */
    public void restore(double[][] snapshot) {
        for (int i = 0; i < snapshot.length; i++) {
            System.arraycopy(snapshot[i], 0, parameters.get(i).value(), 0, snapshot[i].length);
        }
    }
}
