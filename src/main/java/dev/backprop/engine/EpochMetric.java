package dev.backprop.engine;

/**
 * The quality measure reported each epoch, accumulated batch by batch so a whole set is never held
 * as one output matrix: accuracy for classification (argmax, or ≥ 0.5 for a single sigmoid
 * output) and R² for regression, as {@link Metrics} defines them for a model's final figures and
 * evaluations (R² per target column averaged over the columns).
 */
public enum EpochMetric {
    ACCURACY,
    R_SQUARED;

    /** Running sums for one pass over a set. */
    public final class Accumulator {
        private long rows;
        private long correct;
        private Metrics.Regression regression;

        public void add(Matrix outputs, Matrix targets) {
            int cols = outputs.cols();
            double[] a = outputs.data();
            double[] y = targets.data();
            if (EpochMetric.this == ACCURACY) {
                int n = outputs.rows();
                if (cols == 2) {
                    // two classes without branches: which column wins changes at random from row to row, and
                    // argmax's branches mispredict about every other row
                    for (int r = 0, off = 0; r < n; r++, off += 2) {
                        int predicted = a[off + 1] > a[off] ? 1 : 0;
                        int actual = y[off + 1] > y[off] ? 1 : 0;
                        correct += 1 - (predicted ^ actual);
                    }
                } else {
                    for (int r = 0; r < n; r++) {
                        int off = r * cols;
                        if (cols == 1) {
                            correct += (a[off] >= 0.5) == (y[off] >= 0.5) ? 1 : 0;
                        } else {
                            correct += argmax(a, off, cols) == argmax(y, off, cols) ? 1 : 0;
                        }
                    }
                }
            } else {
                if (regression == null) {
                    regression = new Metrics.Regression(cols);
                }
                for (int r = 0, off = 0, n = outputs.rows(); r < n; r++, off += cols) {
                    regression.add(y, off, a, off);
                }
            }
            rows += outputs.rows();
        }

        /** The metric over everything added; NaN when nothing was added or R² has no variance to explain. */
        public double result() {
            if (rows == 0) {
                return Double.NaN;
            }
            if (EpochMetric.this == ACCURACY) {
                return (double) correct / rows;
            }
            Double r2 = regression.result().r2();
            return r2 == null ? Double.NaN : r2;
        }
    }

    public Accumulator accumulator() {
        return new Accumulator();
    }

    static int argmax(double[] values, int off, int len) {
        int best = 0;
        for (int j = 1; j < len; j++) {
            if (values[off + j] > values[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
