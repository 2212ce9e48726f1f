package dev.backprop.engine;

/**
 * How to train: the loss and its reduction, epochs and batches, the optimizer and learning-rate
 * schedule, regularization, early stopping and the seed for shuffling and dropout.
 *
 * @param batchSize rows per batch; 0 means the whole training set (full batch)
 * @param shuffle reorder the training rows every epoch (drawn from the seed)
 * @param l1 weight of λ₁ Σ|w| in the objective (weights only, not biases)
 * @param l2 weight of (λ₂ / 2) Σ w² in the objective (weights only, as Britz)
 * @param clipNorm rescale the whole gradient to this L2 norm when it is longer; 0 for no clipping
 * @param earlyStopping null to train every epoch
 * @param evaluateEvery evaluate train (and validation) loss and metric on the first epoch, every this many epochs and on
 *     the last; 0 never evaluates unless early stopping needs it (fastest, for benchmarks): epochs
 *     then report only the running loss
 * @param seed seeds shuffling and dropout (weight initialization has its own seed)
 */
public record TrainingConfig(
        Loss loss,
        Reduction reduction,
        int epochs,
        int batchSize,
        boolean shuffle,
        OptimizerSpec optimizer,
        Schedule schedule,
        double l1,
        double l2,
        double clipNorm,
        EarlyStopping earlyStopping,
        int evaluateEvery,
        long seed) {

    /** Stop when the monitored loss (validation when there is a validation set) stops improving. */
    public record EarlyStopping(int patience, double minDelta, boolean restoreBest) {
        public EarlyStopping {
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
            }
            if (!(minDelta >= 0)) {
                throw new IllegalArgumentException("minDelta must not be negative, got " + minDelta);
            }
        }
    }

    public TrainingConfig {
        if (loss == null || reduction == null || optimizer == null || schedule == null) {
            throw new IllegalArgumentException("loss, reduction, optimizer and schedule are required");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must not be negative, got " + batchSize);
        }
        if (!(l1 >= 0) || !(l2 >= 0) || !(clipNorm >= 0)) {
            throw new IllegalArgumentException("l1, l2 and clipNorm must not be negative");
        }
        if (evaluateEvery < 0) {
            throw new IllegalArgumentException("evaluateEvery must not be negative");
        }
    }
}
