package dev.backprop.engine;

/**
 * Losses over a batch, as sums over rows (the {@link Reduction} divides), each a value and its
 * gradient side by side. Each works from the output layer's pre-activations z and outputs a: sigmoid
 * with binary cross-entropy and softmax with categorical cross-entropy are fused, so their value is
 * computed from z stably (log-sum-exp) and their gradient with respect to z is simply a - y; the
 * other pairs give the gradient with respect to a, and the output layer applies its activation's
 * derivative. Buffers come from a {@link Scratch} the caller keeps, so a call allocates nothing.
 */
public enum Loss {

    /** ½ Σ (y - a)², the seeds' "error weighted derivative": dL/da = a - y. */
    SQUARED_ERROR {
        @Override
        double sum(double[] z, double[] a, double[] y, int n, int cols, Activation output, Scratch scratch) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                double d = y[i] - a[i];
                sum += d * d;
            }
            return 0.5 * sum;
        }

        @Override
        void gradient(double[] a, double[] y, double[] g, int n, double scale, Activation output) {
            residual(a, y, g, n, scale);
        }
    },

    /** -Σ [y log a + (1 - y) log(1 - a)] for outputs in (0, 1). */
    BINARY_CROSS_ENTROPY {
        @Override
        double sum(double[] z, double[] a, double[] y, int n, int cols, Activation output, Scratch scratch) {
            double sum = 0.0;
            if (output == Activation.SIGMOID) {
                // -[y log σ(z) + (1-y) log(1-σ(z))] = max(z, 0) - z y + log(1 + e^-|z|)
                for (int i = 0; i < n; i++) {
                    double zi = z[i];
                    sum += Math.max(zi, 0.0) - zi * y[i] + StrictMath.log1p(Transcendentals.exp(-Math.abs(zi)));
                }
                return sum;
            }
            for (int i = 0; i < n; i++) {
                double ai = Math.min(Math.max(a[i], EPSILON), 1.0 - EPSILON);
                sum -= y[i] * Transcendentals.log(ai) + (1.0 - y[i]) * Transcendentals.log(1.0 - ai);
            }
            return sum;
        }

        @Override
        void gradient(double[] a, double[] y, double[] g, int n, double scale, Activation output) {
            if (output == Activation.SIGMOID) {
                residual(a, y, g, n, scale);
                return;
            }
            for (int i = 0; i < n; i++) {
                double ai = Math.min(Math.max(a[i], EPSILON), 1.0 - EPSILON);
                g[i] = (ai - y[i]) / (ai * (1.0 - ai)) * scale;
            }
        }
    },

    /** -Σ y log a for rows of outputs that sum to 1 (one-hot or soft targets). */
    CATEGORICAL_CROSS_ENTROPY {
        @Override
        double sum(double[] z, double[] a, double[] y, int n, int cols, Activation output, Scratch scratch) {
            double sum = 0.0;
            if (output != Activation.SOFTMAX) {
                for (int i = 0; i < n; i++) {
                    if (y[i] != 0.0) {
                        sum -= y[i] * Transcendentals.log(Math.max(a[i], EPSILON));
                    }
                }
                return sum;
            }
            // -Σ y log p from the softmax outputs while every target's p is a normal number: the
            // targets' p and y gathered without branches (labels in no order would mispredict
            // one branch per row), their logs taken in one vectorized call, summed in row order
            double[] logs = scratch.logs(n + 1);
            double[] weights = scratch.weights(n + 1);
            int targets = 0;
            boolean small = false;
            for (int i = 0; i < n; i++) {
                double yi = y[i];
                logs[targets] = a[i];
                weights[targets] = yi;
                boolean target = yi != 0.0;
                small |= target & a[i] < Double.MIN_NORMAL;
                targets += target ? 1 : 0;
            }
            if (!small) {
                ArrayMath.BEST.log(logs, 0, targets);
                for (int t = 0; t < targets; t++) {
                    sum -= weights[t] * logs[t];
                }
                return sum;
            }
            // some target's p underflowed: -Σ y (z - logsumexp z) for those rows, which stays finite
            for (int i = 0; i < targets; i++) {
                logs[i] = Transcendentals.log(logs[i]);
            }
            int t = 0;
            for (int off = 0; off < n; off += cols) {
                double row = 0.0;
                boolean underflow = false;
                for (int j = 0; j < cols; j++) {
                    if (y[off + j] != 0.0) {
                        underflow |= a[off + j] < Double.MIN_NORMAL;
                        row -= y[off + j] * logs[t++];
                    }
                }
                if (!underflow) {
                    sum += row;
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, z[off + j]);
                }
                double s = 0.0;
                for (int j = 0; j < cols; j++) {
                    s += Transcendentals.exp(z[off + j] - max);
                }
                double logSum = max + Transcendentals.log(s);
                for (int j = 0; j < cols; j++) {
                    if (y[off + j] != 0.0) {
                        sum -= y[off + j] * (z[off + j] - logSum);
                    }
                }
            }
            return sum;
        }

        @Override
        void gradient(double[] a, double[] y, double[] g, int n, double scale, Activation output) {
            if (output == Activation.SOFTMAX) {
                residual(a, y, g, n, scale);
                return;
            }
            for (int i = 0; i < n; i++) {
                double ai = Math.min(Math.max(a[i], EPSILON), 1.0 - EPSILON);
                g[i] = -y[i] / ai * scale;
            }
        }
    };

    /** Keeps log away from 0 when an unfused cross-entropy sees an output of exactly 0 or 1. */
    static final double EPSILON = 1e-15;

    /** Buffers a loss's value reuses from call to call; one per thread, as the network it serves. */
    public static final class Scratch {
        private double[] logs = new double[0];
        private double[] weights = new double[0];

        double[] logs(int n) {
            if (logs.length < n) {
                logs = new double[n];
            }
            return logs;
        }

        double[] weights(int n) {
            if (weights.length < n) {
                weights = new double[n];
            }
            return weights;
        }
    }

    /** The loss summed over the batch's {@code n} values ({@code cols} per row). */
    abstract double sum(double[] z, double[] a, double[] y, int n, int cols, Activation output, Scratch scratch);

    /**
     * Writes the loss's gradient times {@code scale} into {@code g}: with respect to z when fused with
     * {@code output}, with respect to a otherwise.
     */
    abstract void gradient(double[] a, double[] y, double[] g, int n, double scale, Activation output);

    /** {@code g = (a - y) * scale}: squared error's dL/da, and each fused pair's dL/dz. */
    private static void residual(double[] a, double[] y, double[] g, int n, double scale) {
        for (int i = 0; i < n; i++) {
            g[i] = (a[i] - y[i]) * scale;
        }
    }

    /** Whether this loss after {@code output} has the fused gradient a - y with respect to z. */
    public boolean fusedWith(Activation output) {
        return (this == BINARY_CROSS_ENTROPY && output == Activation.SIGMOID)
                || (this == CATEGORICAL_CROSS_ENTROPY && output == Activation.SOFTMAX);
    }

    /** The loss summed over every row of the batch, with buffers from {@code scratch}. */
    public double value(Matrix z, Matrix a, Matrix y, Activation output, Scratch scratch) {
        checkShapes(a, y);
        return sum(z.data(), a.data(), y.data(), a.size(), a.cols(), output, scratch);
    }

    /** The loss summed over every row of the batch. */
    public double value(Matrix z, Matrix a, Matrix y, Activation output) {
        return value(z, a, y, output, new Scratch());
    }

    /**
     * Writes the loss's gradient at the output layer into {@code grad}, times {@code scale} (1 for a
     * summed loss, 1/n for a mean): dL/dz when {@linkplain #fusedWith fused} with {@code output},
     * dL/da otherwise (the layer applies its activation's derivative). Modifies {@code grad}.
     */
    public void outputGradient(Matrix a, Matrix y, Activation output, double scale, Matrix grad) {
        checkShapes(a, y);
        grad.reshape(a.rows(), a.cols());
        gradient(a.data(), y.data(), grad.data(), a.size(), scale, output);
    }

    /** Writes dL/dz for the output layer into {@code grad}, times {@code scale}. Modifies {@code grad}. */
    public void gradient(Matrix a, Matrix y, Activation output, double scale, Matrix grad) {
        outputGradient(a, y, output, scale, grad);
        if (!fusedWith(output)) {
            output.backprop(a, grad);
        }
    }

    private static void checkShapes(Matrix a, Matrix y) {
        if (a.rows() != y.rows() || a.cols() != y.cols()) {
            throw new IllegalArgumentException("outputs " + a + " and targets " + y + " differ in shape");
        }
    }
}
