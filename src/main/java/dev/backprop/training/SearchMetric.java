package dev.backprop.training;

import dev.backprop.engine.Task;
import dev.backprop.model.SplitMetrics;

/** What a search scores a trial by: one figure of a split's final metrics. */
enum SearchMetric {
    LOSS(null, false),
    ACCURACY(Task.CLASSIFICATION, true),
    F1(Task.CLASSIFICATION, true),
    MSE(Task.REGRESSION, false),
    MAE(Task.REGRESSION, false),
    R2(Task.REGRESSION, true);

    /** The task the metric belongs to; null for both. */
    private final Task task;
    private final boolean maximizedByDefault;

    SearchMetric(Task task, boolean maximizedByDefault) {
        this.task = task;
        this.maximizedByDefault = maximizedByDefault;
    }

    boolean maximizedByDefault() {
        return maximizedByDefault;
    }

    boolean appliesTo(Task task) {
        return this.task == null || this.task == task;
    }

    /** The figure in {@code metrics}; NaN where it is undefined (R² of constant targets, F1 of no class). */
    double of(SplitMetrics metrics) {
        Double value = switch (this) {
            case LOSS -> metrics.loss();
            case ACCURACY -> metrics.accuracy();
            case F1 -> macro(metrics.f1());
            case MSE -> metrics.mse();
            case MAE -> metrics.mae();
            case R2 -> metrics.r2();
        };
        return value == null ? Double.NaN : value;
    }

    /** The mean over the classes where F1 is defined. */
    private static Double macro(Double[] perClass) {
        if (perClass == null) {
            return null;
        }
        double sum = 0;
        int n = 0;
        for (Double f : perClass) {
            if (f != null) {
                sum += f;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }
}
