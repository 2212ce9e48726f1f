package dev.backprop.engine;

/**
 * Losses over a batch, as sums over rows (the {@link Reduction} divides). Each loss works from the
 * output layer's pre-activations z and outputs a: sigmoid with binary cross-entropy and softmax with
 * categorical cross-entropy are fused, so their value is computed from z stably (log-sum-exp) and
 * their gradient with respect to z is simply a - y.
 */
public enum Loss {

    /** ½ Σ (y - a)², the seeds' "error weighted derivative": dL/da = a - y. */
    SQUARED_ERROR,

    /** -Σ [y log a + (1 - y) log(1 - a)] for outputs in (0, 1). */
    BINARY_CROSS_ENTROPY,

    /** -Σ y log a for rows of outputs that sum to 1 (one-hot or soft targets). */
    CATEGORICAL_CROSS_ENTROPY;

    /** Keeps log away from 0 when an unfused cross-entropy sees an output of exactly 0 or 1. */
    static final double EPSILON = 1e-15;

    /** Whether this loss after {@code output} has the fused gradient a - y with respect to z. */
    public boolean fusedWith(Activation output) {
        return (this == BINARY_CROSS_ENTROPY && output == Activation.SIGMOID)
                || (this == CATEGORICAL_CROSS_ENTROPY && output == Activation.SOFTMAX);
    }

    /** The loss summed over every row of the batch. */
    public double value(Matrix z, Matrix a, Matrix y, Activation output) {
        checkShapes(a, y);
        double[] zd = z.data();
        double[] ad = a.data();
        double[] yd = y.data();
        int n = a.size();
        double sum = 0.0;
        switch (this) {
            case SQUARED_ERROR -> {
                for (int i = 0; i < n; i++) {
                    double d = yd[i] - ad[i];
                    sum += d * d;
                }
                sum *= 0.5;
            }
            case BINARY_CROSS_ENTROPY -> {
                if (output == Activation.SIGMOID) {
                    // -[y log σ(z) + (1-y) log(1-σ(z))] = max(z, 0) - z y + log(1 + e^-|z|)
                    for (int i = 0; i < n; i++) {
                        double zi = zd[i];
                        sum += Math.max(zi, 0.0) - zi * yd[i] + StrictMath.log1p(Transcendentals.exp(-Math.abs(zi)));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        double ai = Math.min(Math.max(ad[i], EPSILON), 1.0 - EPSILON);
                        sum -= yd[i] * Transcendentals.log(ai) + (1.0 - yd[i]) * Transcendentals.log(1.0 - ai);
                    }
                }
            }
            case CATEGORICAL_CROSS_ENTROPY -> {
                int cols = a.cols();
                if (output == Activation.SOFTMAX) {
                    double[] picked = twoClassTargets(ad, yd, a.rows(), cols);
                    if (picked != null) {
                        // the general loop's logs and sum, without its gather: one target per row, weight 1
                        ArrayMath.BEST.log(picked, 0, picked.length);
                        for (double log : picked) {
                            sum -= log;
                        }
                        return sum;
                    }
                    // -Σ y log p from the softmax outputs while every target's p is a normal number: the
                    // targets' p and y gathered without branches (labels in no order would mispredict
                    // one branch per row), their logs taken in one vectorized call, summed in row order
                    double[] logs = new double[n + 1];
                    double[] weights = new double[n + 1];
                    int targets = 0;
                    boolean small = false;
                    for (int i = 0; i < n; i++) {
                        double yi = yd[i];
                        logs[targets] = ad[i];
                        weights[targets] = yi;
                        boolean target = yi != 0.0;
                        small |= target & ad[i] < Double.MIN_NORMAL;
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
                            if (yd[off + j] != 0.0) {
                                underflow |= ad[off + j] < Double.MIN_NORMAL;
                                row -= yd[off + j] * logs[t++];
                            }
                        }
                        if (!underflow) {
                            sum += row;
                            continue;
                        }
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < cols; j++) {
                            max = Math.max(max, zd[off + j]);
                        }
                        double s = 0.0;
                        for (int j = 0; j < cols; j++) {
                            s += Transcendentals.exp(zd[off + j] - max);
                        }
                        double logSum = max + Transcendentals.log(s);
                        for (int j = 0; j < cols; j++) {
                            if (yd[off + j] != 0.0) {
                                sum -= yd[off + j] * (zd[off + j] - logSum);
                            }
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        if (yd[i] != 0.0) {
                            sum -= yd[i] * Transcendentals.log(Math.max(ad[i], EPSILON));
                        }
                    }
                }
            }
        }
        return sum;
    }

    /**
     * Each row's target probability when {@code y} has two columns, every row one-hot (a 1 and a 0),
     * and every such probability is a normal number; otherwise null. Picked with a select, not a
     * branch (labels in no order would mispredict one a row). The general loop gathers the targets
     * through an index each row's test moves, a chain of dependent stores; with three or more
     * columns a pick per row measured no faster (3 classes slower, 10 within the noise), so they
     * keep the general loop.
     */
    private static double[] twoClassTargets(double[] a, double[] y, int rows, int cols) {
        if (cols != 2) {
            return null;
        }
        double[] picked = new double[rows];
        boolean oneHot = true;
        for (int r = 0, off = 0; r < rows; r++, off += 2) {
            double y0 = y[off];
            double y1 = y[off + 1];
            oneHot &= y0 == 1.0 & y1 == 0.0 | y0 == 0.0 & y1 == 1.0;
            double p = y0 == 1.0 ? a[off] : a[off + 1];
            oneHot &= p >= Double.MIN_NORMAL;
            picked[r] = p;
        }
        return oneHot ? picked : null;
    }

    /**
     * Writes dL/dz for the output layer into {@code grad}, times {@code scale} (1 for a summed loss,
     * 1/n for a mean), going through the activation's derivative unless the pair is fused.
     * Modifies {@code grad}.
     */
    public void gradient(Matrix a, Matrix y, Activation output, double scale, Matrix grad) {
        checkShapes(a, y);
        grad.reshape(a.rows(), a.cols());
        double[] ad = a.data();
        double[] yd = y.data();
        double[] gd = grad.data();
        int n = a.size();
        if (this == SQUARED_ERROR || fusedWith(output)) {
            for (int i = 0; i < n; i++) {
                gd[i] = (ad[i] - yd[i]) * scale;
            }
            if (this == SQUARED_ERROR) {
                output.backprop(a, grad);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            double ai = Math.min(Math.max(ad[i], EPSILON), 1.0 - EPSILON);
            gd[i] = (this == BINARY_CROSS_ENTROPY
                    ? (ai - yd[i]) / (ai * (1.0 - ai))
                    : -yd[i] / ai) * scale;
        }
        output.backprop(a, grad);
    }

    private static void checkShapes(Matrix a, Matrix y) {
        if (a.rows() != y.rows() || a.cols() != y.cols()) {
            throw new IllegalArgumentException("outputs " + a + " and targets " + y + " differ in shape");
        }
    }
}
