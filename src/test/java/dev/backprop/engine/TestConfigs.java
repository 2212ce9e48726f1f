package dev.backprop.engine;

/** Training configurations the engine's tests build often. */
final class TestConfigs {

    private TestConfigs() {
    }

    /** Full-batch plain gradient descent on a summed loss, as in the seeds. */
    static TrainingConfig fullBatch(Loss loss, int epochs, double learningRate) {
        return new TrainingConfig(loss, Reduction.SUM, epochs, 0, false, OptimizerSpec.sgd(),
                Schedule.constant(learningRate), 0, 0, 0, null, 1, 0);
    }

    static TrainingConfig withL2(TrainingConfig c, double l2) {
        return new TrainingConfig(c.loss(), c.reduction(), c.epochs(), c.batchSize(), c.shuffle(), c.optimizer(),
                c.schedule(), c.l1(), l2, c.clipNorm(), c.earlyStopping(), c.evaluateEvery(), c.seed());
    }

    static TrainingConfig withBatches(TrainingConfig c, int batchSize, boolean shuffle, long seed) {
        return new TrainingConfig(c.loss(), c.reduction(), c.epochs(), batchSize, shuffle, c.optimizer(),
                c.schedule(), c.l1(), c.l2(), c.clipNorm(), c.earlyStopping(), c.evaluateEvery(), seed);
    }
}
