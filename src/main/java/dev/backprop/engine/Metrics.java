package dev.backprop.engine;

/** Final quality reports: per-class precision, recall, F1 and the confusion matrix; MSE, MAE and R². */
public final class Metrics {

    private Metrics() {
    }

    /**
     * @param confusion confusion[actual][predicted] counts
     * @param precision per class: true positives / predicted as the class (NaN when never predicted)
     * @param recall per class: true positives / actually the class (NaN when absent)
     * @param f1 per class: harmonic mean of precision and recall (NaN when either is)
     */
    public record Classification(double accuracy, double[] precision, double[] recall, double[] f1, long[][] confusion) {
    }

    /** Averaged over every target value; R² is 1 - SS_res / SS_tot summed over target columns. */
    public record Regression(double mse, double mae, double r2) {
    }

    public static Classification classification(int[] actual, int[] predicted, int classes) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual and predicted differ in length");
        }
        long[][] confusion = new long[classes][classes];
        long correct = 0;
        for (int i = 0; i < actual.length; i++) {
            confusion[actual[i]][predicted[i]]++;
            if (actual[i] == predicted[i]) {
                correct++;
            }
        }
        double[] precision = new double[classes];
        double[] recall = new double[classes];
        double[] f1 = new double[classes];
        for (int k = 0; k < classes; k++) {
            long predictedK = 0;
            long actualK = 0;
            for (int j = 0; j < classes; j++) {
                predictedK += confusion[j][k];
                actualK += confusion[k][j];
            }
            long tp = confusion[k][k];
            precision[k] = predictedK == 0 ? Double.NaN : (double) tp / predictedK;
            recall[k] = actualK == 0 ? Double.NaN : (double) tp / actualK;
            double sum = precision[k] + recall[k];
            f1[k] = Double.isNaN(sum) ? Double.NaN : sum == 0 ? 0 : 2 * precision[k] * recall[k] / sum;
        }
        double accuracy = actual.length == 0 ? Double.NaN : (double) correct / actual.length;
        return new Classification(accuracy, precision, recall, f1, confusion);
    }

    /** {@code actual} and {@code predicted} are row-major with {@code columns} values per row. */
    public static Regression regression(double[] actual, double[] predicted, int columns) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual and predicted differ in length");
        }
        int n = actual.length;
        if (n == 0) {
            return new Regression(Double.NaN, Double.NaN, Double.NaN);
        }
        int rows = n / columns;
        double squares = 0;
        double absolutes = 0;
        double[] mean = new double[columns];
        for (int i = 0; i < n; i++) {
            double d = actual[i] - predicted[i];
            squares += d * d;
            absolutes += Math.abs(d);
            mean[i % columns] += actual[i] / rows;
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            double d = actual[i] - mean[i % columns];
            total += d * d;
        }
        return new Regression(squares / n, absolutes / n, total > 0 ? 1 - squares / total : Double.NaN);
    }
}
