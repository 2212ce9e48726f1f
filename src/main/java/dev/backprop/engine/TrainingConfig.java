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
 * @see #builder(Loss)
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

    /**
     * A config for {@code loss} with every other part at its default: a mean over the batch, one epoch,
     * full batch in row order, plain gradient descent at a constant rate of 0.01, no regularization,
     * clipping or early stopping, evaluated every epoch, seed 0.
     */
    public static Builder builder(Loss loss) {
        return new Builder(new TrainingConfig(loss, Reduction.MEAN, 1, 0, false, OptimizerSpec.sgd(),
                Schedule.constant(0.01), 0, 0, 0, null, 1, 0));
    }

    /** A builder that starts from this config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link TrainingConfig} one part at a time; {@link #build()} checks the whole. */
    public static final class Builder {
        private Loss loss;
        private Reduction reduction;
        private int epochs;
        private int batchSize;
        private boolean shuffle;
        private OptimizerSpec optimizer;
        private Schedule schedule;
        private double l1;
        private double l2;
        private double clipNorm;
        private EarlyStopping earlyStopping;
        private int evaluateEvery;
        private long seed;

        private Builder(TrainingConfig c) {
            loss = c.loss;
            reduction = c.reduction;
            epochs = c.epochs;
            batchSize = c.batchSize;
            shuffle = c.shuffle;
            optimizer = c.optimizer;
            schedule = c.schedule;
            l1 = c.l1;
            l2 = c.l2;
            clipNorm = c.clipNorm;
            earlyStopping = c.earlyStopping;
            evaluateEvery = c.evaluateEvery;
            seed = c.seed;
        }

        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        public Builder reduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Rows per batch, and whether to reorder the rows every epoch. */
        public Builder batches(int batchSize, boolean shuffle) {
            this.batchSize = batchSize;
            this.shuffle = shuffle;
            return this;
        }

        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** A constant learning rate. */
        public Builder learningRate(double rate) {
            return schedule(Schedule.constant(rate));
        }

        public Builder l1(double l1) {
            this.l1 = l1;
            return this;
        }

        public Builder l2(double l2) {
            this.l2 = l2;
            return this;
        }

        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        public Builder evaluateEvery(int evaluateEvery) {
            this.evaluateEvery = evaluateEvery;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(loss, reduction, epochs, batchSize, shuffle, optimizer, schedule, l1, l2,
                    clipNorm, earlyStopping, evaluateEvery, seed);
        }
    }
}
