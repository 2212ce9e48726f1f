package dev.backprop.engine;

import java.util.List;

/**
 * A fully connected layer: {@code a = f(x W + b)} for a batch x (rows are examples), with W of shape
 * inputs x units, and inverted dropout on its outputs while training. Forward keeps what backward
 * needs (its input, its outputs and, on top of a network, its pre-activations); backward applies the
 * dropout mask and the activation's derivative, then turns dL/dz into the gradients of W and b and,
 * when asked, dL/dx for the layer below.
 */
public final class Dense implements OutputLayer {

    private final int inputs;
    private final LayerSpec spec;
    private final boolean keepPreActivations;
    private final Parameter weights;
    private final Parameter biases;
    private final List<Parameter> parameters;
    private final Matrix weightMatrix;
    private final Matrix weightGrad;

    private final Matrix output = new Matrix(0, 0);
    private final Matrix preActivation = new Matrix(0, 0);
    private final Matrix inputGradient = new Matrix(0, 0);
    private double[] dropoutMask = new double[0];
    private boolean maskActive;
    private Matrix input;

    /**
     * @param index the layer's place in its network, which names its parameters
     * @param output whether the layer is on top of its network, where a loss reads its pre-activations
     */
    Dense(int inputs, LayerSpec spec, int index, boolean output) {
        this.inputs = inputs;
        this.spec = spec;
        this.keepPreActivations = output;
        double[] w = new double[inputs * spec.units()];
        this.weights = new Parameter("layers[" + index + "].weights", w, true);
        this.biases = new Parameter("layers[" + index + "].biases", new double[spec.bias() ? spec.units() : 0], false);
        this.parameters = spec.bias() ? List.of(weights, biases) : List.of(weights);
        this.weightMatrix = new Matrix(inputs, spec.units(), w);
        this.weightGrad = new Matrix(inputs, spec.units(), weights.grad());
    }

    @Override
    public int inputs() {
        return inputs;
    }

    @Override
    public int outputs() {
        return spec.units();
    }

    public int units() {
        return spec.units();
    }

    public LayerSpec spec() {
        return spec;
    }

    @Override
    public Activation activation() {
        return spec.activation();
    }

    /** inputs x units, row-major; live: changes here change the layer. */
    public Parameter weights() {
        return weights;
    }

    /** One per unit, or none when the layer has no bias; live. */
    public Parameter biases() {
        return biases;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public Matrix preActivations() {
        return preActivation;
    }

    /**
     * Computes the layer's outputs for a batch. With {@code training} and dropout, a fraction of the
     * outputs is zeroed and the rest scaled by 1/(1 - p), so inference needs no rescaling.
     */
    @Override
    public Matrix forward(Matrix x, boolean training, SplitStream random) {
        if (x.cols() != inputs) {
            throw new IllegalArgumentException("layer expects " + inputs + " inputs, got " + x.cols());
        }
        input = x;
        MatrixOps.multAddRow(x, weightMatrix, spec.bias() ? biases.value() : null, output);
        if (keepPreActivations) {
            preActivation.setTo(output);
        }
        spec.activation().apply(output);
        maskActive = training && spec.dropout() > 0.0;
        if (maskActive) {
            applyDropout(random);
        }
        return output;
    }

    @Override
    public Matrix predict(Matrix x) {
        Matrix out = new Matrix(x.rows(), spec.units());
        MatrixOps.multAddRow(x, weightMatrix, spec.bias() ? biases.value() : null, out);
        spec.activation().apply(out);
        return out;
    }

    private void applyDropout(SplitStream random) {
        int n = output.size();
        if (dropoutMask.length < n) {
            dropoutMask = new double[n];
        }
        double keep = 1.0 - spec.dropout();
        double scale = 1.0 / keep;
        double[] out = output.data();
        for (int i = 0; i < n; i++) {
            double m = random.nextDouble() < keep ? scale : 0.0;
            dropoutMask[i] = m;
            out[i] *= m;
        }
    }

    /** Turns dL/da into dL/dz in place: the dropout mask, then the activation's derivative. */
    @Override
    public Matrix backward(Matrix outputGradient, boolean propagate) {
        if (maskActive) {
            double[] d = outputGradient.data();
            for (int i = 0, n = outputGradient.size(); i < n; i++) {
                d[i] *= dropoutMask[i];
            }
            // outputs were scaled by the mask too; undo it so the derivative sees f(z)
            double[] out = output.data();
            double keep = 1.0 - spec.dropout();
            for (int i = 0, n = output.size(); i < n; i++) {
                out[i] = dropoutMask[i] == 0.0 ? 0.0 : out[i] * keep;
            }
        }
        spec.activation().backprop(output, outputGradient);
        return backwardFromPreActivations(outputGradient, propagate);
    }

    @Override
    public Matrix backwardFromPreActivations(Matrix gradient, boolean propagate) {
        MatrixOps.multTransA(input, gradient, weightGrad, spec.bias() ? biases.grad() : null);
        if (!propagate) {
            return null;
        }
        MatrixOps.multTransB(gradient, weightMatrix, inputGradient);
        return inputGradient;
    }
}
