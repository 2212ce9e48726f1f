package dev.backprop.engine;

/**
 * Z-scores inputs with the mean and population standard deviation of each feature over the
 * training split. A constant feature (standard deviation 0) is only centred.
 */
public record Standardizer(double[] mean, double[] std) {

    public Standardizer {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0) || !Double.isFinite(std[j]) || !Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("std[" + j + "] must be positive and finite, mean finite");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Fits to the rows of {@code x}. */
    public static Standardizer fit(Matrix x) {
        int cols = x.cols();
        int rows = x.rows();
        double[] mean = new double[cols];
        double[] m2 = new double[cols];
        double[] d = x.data();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                double v = d[r * cols + j];
                double delta = v - mean[j];
                mean[j] += delta / (r + 1);
                m2[j] += delta * (v - mean[j]);
            }
        }
        double[] std = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = Math.sqrt(m2[j] / Math.max(rows, 1));
            std[j] = s > 1e-12 ? s : 1.0;
        }
        return new Standardizer(mean, std);
    }

    public int features() {
        return mean.length;
    }

    /** Standardizes {@code x} in place. */
    public void apply(Matrix x) {
        int cols = x.cols();
        if (cols != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " features, got " + cols);
        }
        double[] d = x.data();
        for (int r = 0, n = x.rows(); r < n; r++) {
            int off = r * cols;
            for (int j = 0; j < cols; j++) {
                d[off + j] = (d[off + j] - mean[j]) / std[j];
            }
        }
    }
}
