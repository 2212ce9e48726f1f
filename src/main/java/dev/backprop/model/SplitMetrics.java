package dev.backprop.model;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A model's final figures on one split of its data. Classification fills accuracy, per-class
 * precision, recall and F1 (null where undefined: a class never predicted has no precision, an absent one no recall) and the confusion matrix (rows
 * true, columns predicted); regression fills MSE, MAE and R² (null when the targets are constant).
 */
@Schema(description = "Final figures on one split: accuracy, per-class precision/recall/F1 (null where undefined) and "
        + "confusion for classes; MSE, MAE and R² (per target, averaged over targets) for regression - defined as in "
        + "evaluations")
public record SplitMetrics(long rows, double loss, Double accuracy, Double[] precision, Double[] recall, Double[] f1,
        long[][] confusion, Double mse, Double mae, Double r2) {
}
