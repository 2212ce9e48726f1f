package dev.backprop.engine;


/**
 * A fully connected layer: {@code a = f(x W + b)} for a batch x (rows are examples), with W of shape
 * inputs x units. Forward keeps what backward needs (its input and outputs); backward turns
 * dL/dz into the gradients of W and b and, when asked, dL/dx for the layer below.
 */
public final class Dense {

    private final int inputs;
    private final LayerSpec spec;
    private final Parameter weights;
    private final Parameter biases;
    private final Matrix weightMatrix;
    private final Matrix weightGrad;

    private final Matrix output = new Matrix(0, 0);
    private final Matrix preActivation = new Matrix(0, 0);
    private final Matrix delta = new Matrix(0, 0);
    private double[] dropoutMask = new double[0];
    private boolean maskActive;
    private Matrix input;

    Dense(int inputs, LayerSpec spec, int index) {
        this.inputs = inputs;
        this.spec = spec;
        double[] w = new double[inputs * spec.units()];
        this.weights = new Parameter("layers[" + index + "].weights", w, true);
        this.biases = new Parameter("layers[" + index + "].biases", new double[spec.bias() ? spec.units() : 0], false);
        this.weightMatrix = new Matrix(inputs, spec.units(), w);
        this.weightGrad = new Matrix(inputs, spec.units(), weights.grad());
    }

    public int inputs() {
        return inputs;
    }

    public int units() {
        return spec.units();
    }

    public LayerSpec spec() {
        return spec;
    }

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

    Matrix weightMatrix() {
        return weightMatrix;
    }

    /** The outputs of the last forward pass (after dropout when training). */
    Matrix output() {
        return output;
    }

    /** The pre-activations z of the last forward pass, kept when asked for (the output layer). */
    Matrix preActivation() {
        return preActivation;
    }

    /** dL/dz of the last backward pass. */
    Matrix delta() {
        return delta;
    }

    /**
     * Computes the layer's outputs for a batch. With {@code training} and dropout, a fraction of the
     * outputs is zeroed and the rest scaled by 1/(1 - p), so inference needs no rescaling.
     */
    Matrix forward(Matrix x, boolean training, SplitStream random, boolean keepPreActivation) {
        if (x.cols() != inputs) {
            throw new IllegalArgumentException("layer expects " + inputs + " inputs, got " + x.cols());
        }
        input = x;
        MatrixOps.multAddRow(x, weightMatrix, spec.bias() ? biases.value() : null, output);
        if (keepPreActivation) {
            preActivation.setTo(output);
        }
        spec.activation().apply(output);
        maskActive = training && spec.dropout() > 0.0;
        if (maskActive) {
            applyDropout(random);
        }
        return output;
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

    /**
     * From dL/dz in {@link #delta()}, writes the weight and bias gradients and, when
     * {@code inputGrad} is not null, dL/dx (before the layer below applies its own derivative).
     */
    void backward(Matrix inputGrad) {
        MatrixOps.multTransA(input, delta, weightGrad, spec.bias() ? biases.grad() : null);
        if (inputGrad != null) {
            MatrixOps.multTransB(delta, weightMatrix, inputGrad);
        }
    }

    /** Turns dL/da (this layer's outputs) in {@link #delta()} into dL/dz: dropout mask, then derivative. */
    void deltaFromOutputGradient() {
        if (maskActive) {
            double[] d = delta.data();
            for (int i = 0, n = delta.size(); i < n; i++) {
                d[i] *= dropoutMask[i];
            }
            // outputs were scaled by the mask too; undo it so the derivative sees f(z)
            double[] out = output.data();
            double keep = 1.0 - spec.dropout();
            for (int i = 0, n = output.size(); i < n; i++) {
                out[i] = dropoutMask[i] == 0.0 ? 0.0 : out[i] * keep;
            }
        }
        spec.activation().backprop(output, delta);
    }
}
