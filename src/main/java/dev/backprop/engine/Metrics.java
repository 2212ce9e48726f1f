package dev.backprop.engine;

import java.util.Arrays;

/**
 * The one definition of a model's figures: its final figures on each split after training, its
 * evaluations on other data, and (R² and accuracy) each epoch's {@link EpochMetric}. Gathered a
 * block of rows at a time so that a dataset of any length is scored in memory that does not grow
 * with it - save the ROC curve's scores, one double and one byte per row, for two classes.
 * <p>
 * The definitions are scikit-learn's: per-class precision, recall and F1 with no value where they
 * are undefined (scikit-learn's {@code zero_division} would report 0), log loss with the
 * probabilities clipped to [1e-15, 1 - 1e-15] and each row renormalized, ROC AUC as the
 * Mann-Whitney statistic with tied scores given their mean rank, and R² per target column averaged
 * over the columns ({@code multioutput="uniform_average"}).
 */
public final class Metrics {

    /** scikit-learn's log-loss clip (its default before 1.3, and float64's 'auto' rounds near it). */
    static final double CLIP = 1e-15;

    private Metrics() {
    }

    /** Classification figures; {@code precision}, {@code recall}, {@code f1} hold null where undefined. */
    public record ClassificationResult(long rows, double accuracy, Double[] precision, Double[] recall, Double[] f1,
            long[] support, long[][] confusion, double logLoss, Double rocAuc) {
    }

    /** Regression figures over every target value, and per target column; r2 is null for a constant column. */
    public record RegressionResult(long rows, double mse, double mae, Double r2, double[] msePerTarget,
            double[] maePerTarget, Double[] r2PerTarget) {
    }

    /** Accumulates rows of true classes and predicted probabilities. */
    public static final class Classification {

        private final int classes;
        private final long[][] confusion;
        private double logLoss;
        private long rows;
        private double[] positiveScores;
        private boolean[] positive;

        public Classification(int classes) {
            if (classes < 2) {
                throw new IllegalArgumentException("classification needs at least two classes, got " + classes);
            }
            this.classes = classes;
            this.confusion = new long[classes][classes];
            if (classes == 2) {
                positiveScores = new double[1024];
                positive = new boolean[1024];
            }
        }

        /**
         * One row: its true class and the model's probability for each class. The predicted class is
         * the most probable one (the first of equals), as {@link TrainedModel#classes} picks it.
         */
        public void add(int actual, double[] probabilities) {
            if (probabilities.length != classes) {
                throw new IllegalArgumentException("expected " + classes + " probabilities, got " + probabilities.length);
            }
            int predicted = 0;
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                if (probabilities[k] > probabilities[predicted]) {
                    predicted = k;
                }
                sum += clip(probabilities[k]);
            }
            confusion[actual][predicted]++;
            logLoss -= Math.log(clip(probabilities[actual]) / sum);
            if (classes == 2) {
                if (rows == positiveScores.length) {
                    int grown = (int) Math.min(Integer.MAX_VALUE - 8, rows * 2L);
                    positiveScores = Arrays.copyOf(positiveScores, grown);
                    positive = Arrays.copyOf(positive, grown);
                }
                positiveScores[(int) rows] = probabilities[1];
                positive[(int) rows] = actual == 1;
            }
            rows++;
        }

        private static double clip(double p) {
            return Math.min(Math.max(p, CLIP), 1 - CLIP);
        }

        public ClassificationResult result() {
            Double[] precision = new Double[classes];
            Double[] recall = new Double[classes];
            Double[] f1 = new Double[classes];
            long[] support = new long[classes];
            long correct = 0;
            for (int k = 0; k < classes; k++) {
                long predictedK = 0;
                for (int j = 0; j < classes; j++) {
                    predictedK += confusion[j][k];
                    support[k] += confusion[k][j];
                }
                long tp = confusion[k][k];
                correct += tp;
                precision[k] = predictedK == 0 ? null : (double) tp / predictedK;
                recall[k] = support[k] == 0 ? null : (double) tp / support[k];
                if (precision[k] != null && recall[k] != null) {
                    double sum = precision[k] + recall[k];
                    f1[k] = sum == 0 ? 0.0 : 2 * precision[k] * recall[k] / sum;
                }
            }
            double accuracy = rows == 0 ? Double.NaN : (double) correct / rows;
            Double auc = classes == 2 ? rocAuc(Arrays.copyOf(positiveScores, (int) rows), Arrays.copyOf(positive, (int) rows))
                    : null;
            long[][] copy = new long[classes][];
            for (int k = 0; k < classes; k++) {
                copy[k] = confusion[k].clone();
            }
            return new ClassificationResult(rows, accuracy, precision, recall, f1, support, copy,
                    rows == 0 ? Double.NaN : logLoss / rows, auc);
        }
    }

    /**
     * The area under the ROC curve: the chance that a positive row scores above a negative one, ties
     * counting half. Null when either class is absent.
     */
    static Double rocAuc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRanks = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // mean of the 1-based ranks i+1 .. j+1
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    positiveRanks += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Accumulates rows of true and predicted target values. */
    public static final class Regression {

        private final int targets;
        private final double[] squares;
        private final double[] absolutes;
        private final double[] mean;
        private final double[] m2;
        private long rows;

        public Regression(int targets) {
            this.targets = targets;
            this.squares = new double[targets];
            this.absolutes = new double[targets];
            this.mean = new double[targets];
            this.m2 = new double[targets];
        }

        /** One row: {@code targets} true values from {@code actual[a]}, predictions from {@code predicted[p]}. */
        public void add(double[] actual, int a, double[] predicted, int p) {
            rows++;
            for (int t = 0; t < targets; t++) {
                double y = actual[a + t];
                double d = y - predicted[p + t];
                squares[t] += d * d;
                absolutes[t] += Math.abs(d);
                double delta = y - mean[t]; // Welford: the spread of y without a second pass
                mean[t] += delta / rows;
                m2[t] += delta * (y - mean[t]);
            }
        }

        public RegressionResult result() {
            double[] mse = new double[targets];
            double[] mae = new double[targets];
            Double[] r2 = new Double[targets];
            double mseSum = 0;
            double maeSum = 0;
            double r2Sum = 0;
            boolean r2Defined = true;
            for (int t = 0; t < targets; t++) {
                mse[t] = squares[t] / rows;
                mae[t] = absolutes[t] / rows;
                r2[t] = m2[t] > 0 ? 1 - squares[t] / m2[t] : null;
                mseSum += mse[t];
                maeSum += mae[t];
                if (r2[t] == null) {
                    r2Defined = false;
                } else {
                    r2Sum += r2[t];
                }
            }
            return new RegressionResult(rows, mseSum / targets, maeSum / targets, r2Defined ? r2Sum / targets : null,
                    mse, mae, r2);
        }
    }
}
