package dev.backprop.engine;

/**
 * Element-wise (or, for softmax, row-wise) activations, on the engine's own {@link Transcendentals}
 * (vectorized through {@link ArrayMath}; every lane gives the scalar function's bits, so results do
 * not depend on the CPU or its vector width). {@link #forward} maps pre-activations to
 * outputs in place; {@link #backward} turns the gradient with respect to the outputs into the
 * gradient with respect to the pre-activations, using only the outputs (every derivative here can
 * be written in terms of them).
 */
public enum Activation {

    /** 1 / (1 + e^-z); derivative a(1 - a). */
    SIGMOID {
        @Override
        void forward(double[] z, int n) {
            inParts(n, (from, to) -> ArrayMath.BEST.sigmoid(z, from, to));
        }

        @Override
        void backward(double[] a, double[] grad, int n, int cols) {
            for (int i = 0; i < n; i++) {
                grad[i] *= a[i] * (1.0 - a[i]);
            }
        }
    },

    /** tanh z; derivative 1 - a². */
    TANH {
        @Override
        void forward(double[] z, int n) {
            inParts(n, (from, to) -> ArrayMath.BEST.tanh(z, from, to));
        }

        @Override
        void backward(double[] a, double[] grad, int n, int cols) {
            for (int i = 0; i < n; i++) {
                grad[i] *= 1.0 - a[i] * a[i];
            }
        }
    },

    /** max(0, z); derivative 1 where a > 0, else 0. */
    RELU {
        @Override
        void forward(double[] z, int n) {
            for (int i = 0; i < n; i++) {
                z[i] = z[i] > 0.0 ? z[i] : 0.0;
            }
        }

        @Override
        void backward(double[] a, double[] grad, int n, int cols) {
            for (int i = 0; i < n; i++) {
                grad[i] = a[i] > 0.0 ? grad[i] : 0.0;
            }
        }
    },

    /** z where z > 0, else 0.01 z; derivative 1 or 0.01 (the sign of a is the sign of z). */
    LEAKY_RELU {
        @Override
        void forward(double[] z, int n) {
            for (int i = 0; i < n; i++) {
                z[i] = z[i] > 0.0 ? z[i] : LEAKY_SLOPE * z[i];
            }
        }

        @Override
        void backward(double[] a, double[] grad, int n, int cols) {
            for (int i = 0; i < n; i++) {
                grad[i] = a[i] > 0.0 ? grad[i] : LEAKY_SLOPE * grad[i];
            }
        }
    },

    /** z; derivative 1. */
    IDENTITY {
        @Override
        void forward(double[] z, int n) {
        }

        @Override
        void backward(double[] a, double[] grad, int n, int cols) {
        }
    },

    /**
     * Per row e^(z - max z) / Σ e^(z - max z): subtracting the row's maximum keeps exp from
     * overflowing. Backward is the Jacobian-vector product a ⊙ (g - (g · a)).
     */
    SOFTMAX {
        @Override
        void forward(double[] z, int n) {
            throw new UnsupportedOperationException("softmax needs the row width");
        }

        @Override
        void forwardRows(double[] z, int rows, int cols) {
            if (cols == 2) {
                twoClasses(z, rows);
                return;
            }
            for (int r = 0; r < rows; r++) {
                int off = r * cols;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, z[off + j]);
                }
                for (int j = 0; j < cols; j++) {
                    z[off + j] -= max;
                }
            }
            // one call for the whole block: a row of a few classes would leave the vector lanes idle
            ArrayMath.BEST.exp(z, 0, rows * cols);
            for (int r = 0; r < rows; r++) {
                int off = r * cols;
                // summed in column order whatever the vector width
                double sum = 0.0;
                for (int j = 0; j < cols; j++) {
                    sum += z[off + j];
                }
                double inv = 1.0 / sum;
                for (int j = 0; j < cols; j++) {
                    z[off + j] *= inv;
                }
            }
        }

        /**
         * Two classes, the most common case, without the inner loops, whose overhead for two columns cost
         * more than the arithmetic: the same results as the general loops (there the maximum starts from
         * -∞ and the sum from 0.0, and max(-∞, x) is x, and 0.0 + e is e for the e ≥ 0 or NaN that exp
         * gives), a vector of rows at a time.
         */
        private static void twoClasses(double[] z, int rows) {
            ArrayMath.BEST.softmaxPairs(z, 0, 2 * rows);
        }

        @Override
        void backward(double[] a, double[] grad, int n, int cols) {
            for (int off = 0; off < n; off += cols) {
                double dot = 0.0;
                for (int j = 0; j < cols; j++) {
                    dot += grad[off + j] * a[off + j];
                }
                for (int j = 0; j < cols; j++) {
                    grad[off + j] = a[off + j] * (grad[off + j] - dot);
                }
            }
        }
    };

    /** The slope of {@link #LEAKY_RELU} for negative inputs. */
    public static final double LEAKY_SLOPE = 0.01;

    /** Values per part when a transcendental activation is split over the cores. */
    private static final int PART = 4096;

    /**
     * Runs {@code body} over {@code [0, n)} in parts of {@link #PART} values, on the cores when there
     * are enough of them (a tanh costs about as much as 64 multiply-adds). Each value is computed alone,
     * so the split changes no bits.
     */
    private static void inParts(int n, Parallel.RangeBody body) {
        int parts = (n + PART - 1) / PART;
        Parallel.forRange(parts, 64L * n, (from, to) -> body.run(from * PART, Math.min(n, to * PART)));
    }

    /** Applies the activation to the first {@code n} values in place. */
    abstract void forward(double[] z, int n);

    /** Multiplies {@code grad} (dL/da) by the derivative, giving dL/dz. {@code n} values, rows of {@code cols}. */
    abstract void backward(double[] a, double[] grad, int n, int cols);

    /** Applies the activation to a rows x cols block in place. */
    void forwardRows(double[] z, int rows, int cols) {
        forward(z, rows * cols);
    }

    /** Applies the activation to a matrix in place. */
    public void apply(Matrix m) {
        forwardRows(m.data(), m.rows(), m.cols());
    }

    /** Turns dL/da into dL/dz in place, given the outputs a. */
    public void backprop(Matrix outputs, Matrix grad) {
        if (outputs.rows() != grad.rows() || outputs.cols() != grad.cols()) {
            throw new IllegalArgumentException("outputs " + outputs + " and gradient " + grad + " differ in shape");
        }
        backward(outputs.data(), grad.data(), grad.size(), grad.cols());
    }
}
