package dev.backprop.engine;

/**
 * What one epoch reached. Losses are per example: the summed data loss over n plus the penalty on
 * the same scale as the objective (for a summed objective, divided by n too, as Britz reports).
 * Metrics are accuracy for classification and R² for regression. Values not measured this epoch
 * (no validation set, or not an evaluation epoch) are NaN.
 *
 * @param epoch 1-based
 * @param runningLoss the mean of the batch losses seen during the epoch, before their updates; measured
 *     only on evaluated epochs (the loss itself is not needed for training, only its gradient), NaN on
 *     the others
 */
public record EpochStats(
        int epoch,
        int totalEpochs,
        double trainLoss,
        double validationLoss,
        double trainMetric,
        double validationMetric,
        double learningRate,
        double runningLoss) {
}
