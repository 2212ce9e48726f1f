package dev.backprop.engine;

/**
 * A trainable array and its gradient, side by side. Weights are regularized (L1, L2); biases are
 * not, as in Britz.
 */
public final class Parameter {

    private final String name;
    private final double[] value;
    private final double[] grad;
    private final boolean regularized;

    Parameter(String name, double[] value, boolean regularized) {
        this.name = name;
        this.value = value;
        this.grad = new double[value.length];
        this.regularized = regularized;
    }

    public String name() {
        return name;
    }

    /** The live values: optimizers update them in place. */
    public double[] value() {
        return value;
    }

    /** The gradient of the last backward pass. */
    public double[] grad() {
        return grad;
    }

    public boolean regularized() {
        return regularized;
    }

    public int size() {
        return value.length;
    }
}
