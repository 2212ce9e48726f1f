package dev.backprop.engine;

/** Training configurations the engine's tests build often. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** Full-batch plain gradient descent on a summed loss, as in the seeds. */
    static TrainingConfig fullBatch(Loss loss, int epochs, double learningRate) {
        return TrainingConfig.builder(loss).reduction(Reduction.SUM).epochs(epochs).learningRate(learningRate).build();
    }

    static TrainingConfig withL2(TrainingConfig c, double l2) {
        return c.toBuilder().l2(l2).build();
    }

    static TrainingConfig withBatches(TrainingConfig c, int batchSize, boolean shuffle, long seed) {
        return c.toBuilder().batches(batchSize, shuffle).seed(seed).build();
    }
}
