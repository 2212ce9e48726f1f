package dev.backprop.model;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A model's final figures on one split of its data. Classification fills accuracy, per-class
 * precision, recall and F1 (0 where a class was never predicted) and the confusion matrix (rows
 * true, columns predicted); regression fills MSE, MAE and R² (null when the targets are constant).
 */
@Schema(description = "Final figures on one split: accuracy, per-class precision/recall/F1 and confusion for classes; "
        + "MSE, MAE and R² for regression")
public record SplitMetrics(long rows, double loss, Double accuracy, double[] precision, double[] recall, double[] f1,
        long[][] confusion, Double mse, Double mae, Double r2) {
}
