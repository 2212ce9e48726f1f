package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTests {

    @AfterEach
    void parallelOn() {
        Parallel.enabled = true;
    }

    /** Two interleaved classes that need a hidden layer: XOR with noise, one-hot targets. */
    private static Matrix[] xorData(int n, long seed) {
        RandomState random = new RandomState(seed);
        Matrix x = new Matrix(n, 2);
        Matrix y = new Matrix(n, 2);
        for (int r = 0; r < n; r++) {
            double a = random.uniform(-1, 1);
            double b = random.uniform(-1, 1);
            x.set(r, 0, a);
            x.set(r, 1, b);
            y.set(r, (a < 0) != (b < 0) ? 1 : 0, 1.0);
        }
        return new Matrix[] {x, y};
    }

    private static List<LayerSpec> xorNet(double dropout) {
        return List.of(new LayerSpec(16, Activation.TANH, true, dropout), new LayerSpec(2, Activation.SOFTMAX));
    }

    private static TrainingConfig config(OptimizerSpec optimizer, double rate, int epochs) {
        return TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(epochs).batches(32, true)
                .optimizer(optimizer).learningRate(rate).seed(7).build();
    }

    @ParameterizedTest
    @EnumSource(OptimizerSpec.Type.class)
    void everyOptimizerLearnsXor(OptimizerSpec.Type type) {
        Matrix[] data = xorData(400, 1);
        double rate = switch (type) {
            case SGD, MOMENTUM, NESTEROV -> 0.3;
            case ADAGRAD -> 0.1;
            default -> 0.01;
        };
        Network network = Network.create(2, xorNet(0), Initializer.XAVIER, 3);
        TrainingResult result = new Trainer(network, config(OptimizerSpec.of(type), rate, 150), EpochMetric.ACCURACY)
                .fit(data[0], data[1]);

        assertThat(result.reason()).isEqualTo(TrainingResult.StopReason.COMPLETED);
        assertThat(result.last().trainMetric()).as(type.name()).isGreaterThan(0.95);
        assertThat(result.last().trainLoss()).isLessThan(0.2);
    }

    @Test
    void momentumAndNesterovFollowTheirUpdateRules() {
        Parameter p = new Parameter("w", new double[] {1.0}, true);
        p.grad()[0] = 2.0;
        Optimizer momentum = Optimizer.create(OptimizerSpec.of(OptimizerSpec.Type.MOMENTUM));
        momentum.step(List.of(p), 0.1);          // v = -0.2, w = 0.8
        momentum.step(List.of(p), 0.1);          // v = 0.9 * -0.2 - 0.2 = -0.38, w = 0.42
        assertThat(p.value()[0]).isCloseTo(0.42, within(1e-15));

        Parameter q = new Parameter("w", new double[] {1.0}, true);
        q.grad()[0] = 2.0;
        Optimizer nesterov = Optimizer.create(OptimizerSpec.of(OptimizerSpec.Type.NESTEROV));
        nesterov.step(List.of(q), 0.1);          // v = -0.2, w += 0 + 1.9 * -0.2
        assertThat(q.value()[0]).isCloseTo(1.0 - 0.38, within(1e-15));

        Parameter r = new Parameter("w", new double[] {1.0}, true);
        r.grad()[0] = 2.0;
        Optimizer.create(OptimizerSpec.of(OptimizerSpec.Type.ADAM)).step(List.of(r), 0.1);
        // the first Adam step moves every weight by about the learning rate, whatever the gradient's size
        assertThat(r.value()[0]).isCloseTo(0.9, within(1e-7));
    }

    @Test
    void schedulesDecayAsDocumented() {
        assertThat(Schedule.constant(0.5).rate(100)).isEqualTo(0.5);
        Schedule step = new Schedule(Schedule.Type.STEP, 1.0, 0.5, 10);
        assertThat(step.rate(9)).isEqualTo(1.0);
        assertThat(step.rate(10)).isEqualTo(0.5);
        assertThat(step.rate(25)).isEqualTo(0.25);
        assertThat(new Schedule(Schedule.Type.EXPONENTIAL, 1.0, 0.9, 1).rate(2)).isCloseTo(0.81, within(1e-15));
        assertThat(new Schedule(Schedule.Type.INVERSE_TIME, 1.0, 0.5, 1).rate(4)).isEqualTo(1.0 / 3);
    }

    @Test
    void reportsEveryEpochWithTheScheduledRate() {
        Matrix[] data = xorData(100, 2);
        List<EpochStats> epochs = new ArrayList<>();
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(5)
                .schedule(new Schedule(Schedule.Type.STEP, 0.4, 0.5, 2)).build();
        new Trainer(Network.create(2, xorNet(0), Initializer.XAVIER, 1), config, EpochMetric.ACCURACY)
                .fit(data[0], data[1], Trainer.Options.none().validation(data[0], data[1]).listener(epochs::add));

        assertThat(epochs).extracting(EpochStats::epoch).containsExactly(1, 2, 3, 4, 5);
        assertThat(epochs).extracting(EpochStats::learningRate).containsExactly(0.4, 0.4, 0.2, 0.2, 0.1);
        assertThat(epochs).allSatisfy(e -> {
            assertThat(e.validationLoss()).isEqualTo(e.trainLoss());
            assertThat(e.trainMetric()).isBetween(0.0, 1.0);
        });
    }

    @Test
    void theSameSeedGivesTheSameBitsOnOneCoreOrTwo() {
        Matrix[] data = xorData(3000, 4);
        List<LayerSpec> layers = List.of(new LayerSpec(128, Activation.RELU, true, 0.2),
                new LayerSpec(64, Activation.TANH), new LayerSpec(2, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(3).batches(256, true)
                .optimizer(OptimizerSpec.of(OptimizerSpec.Type.ADAM)).l1(1e-4).l2(1e-3).clipNorm(5).seed(42).build();

        double[][] first = trained(data, layers, config);
        double[][] second = trained(data, layers, config);
        Parallel.enabled = false;
        double[][] serial = trained(data, layers, config);

        assertThat(second).isDeepEqualTo(first);
        assertThat(serial).isDeepEqualTo(first);
        double[][] otherSeed = trained(data, layers, TestConfigs.withBatches(config, 256, true, 43));
        assertThat(Arrays.deepEquals(otherSeed, first)).isFalse();
    }

    private static double[][] trained(Matrix[] data, List<LayerSpec> layers, TrainingConfig config) {
        Network network = Network.create(2, layers, Initializer.HE, 9);
        new Trainer(network, config, EpochMetric.ACCURACY).fit(data[0], data[1]);
        return network.snapshot();
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class)
    void fullBatchFiguresAreThoseOfAnEvaluationOfTheEpochsWeights(Reduction reduction) {
        // full batch in row order: an evaluated epoch's train figures are exactly what evaluating
        // that epoch's weights gives, and only evaluated epochs measure their batch losses
        Matrix[] train = xorData(60, 11);
        Matrix[] validation = xorData(50, 12);
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).reduction(reduction).epochs(20)
                .optimizer(OptimizerSpec.of(OptimizerSpec.Type.ADAM)).learningRate(0.05).l1(0.001).l2(0.01)
                .evaluateEvery(3).build();
        Network network = Network.create(2, xorNet(0), Initializer.XAVIER, 2);
        Trainer trainer = new Trainer(network, config, EpochMetric.ACCURACY);
        List<Integer> evaluated = new ArrayList<>();
        List<Integer> measured = new ArrayList<>();

        trainer.fit(train[0], train[1], Trainer.Options.none().listener(stats -> {
            if (!Double.isNaN(stats.runningLoss())) {
                measured.add(stats.epoch());
            }
            if (Double.isNaN(stats.trainLoss())) {
                assertThat(stats.validationLoss()).isNaN();
                return;
            }
            evaluated.add(stats.epoch());
            double[] now = trainer.evaluate(train[0], train[1]);
            double[] held = trainer.evaluate(validation[0], validation[1]);
            assertThat(stats.trainLoss()).as("epoch %d", stats.epoch()).isEqualTo(now[0]);
            assertThat(stats.trainMetric()).as("epoch %d", stats.epoch()).isEqualTo(now[1]);
            assertThat(stats.validationLoss()).as("epoch %d", stats.epoch()).isEqualTo(held[0]);
            assertThat(stats.validationMetric()).as("epoch %d", stats.epoch()).isEqualTo(held[1]);
        }).validation(validation[0], validation[1]));

        assertThat(evaluated).containsExactly(1, 3, 6, 9, 12, 15, 18, 20);
        assertThat(measured).isEqualTo(evaluated);
        Network unevaluated = Network.create(2, xorNet(0), Initializer.XAVIER, 2);
        new Trainer(unevaluated, config.toBuilder().evaluateEvery(0).build(), EpochMetric.ACCURACY)
                .fit(train[0], train[1]);
        assertThat(network.snapshot()).as("evaluating changes no weight").isDeepEqualTo(unevaluated.snapshot());
    }

    @Test
    void batchLossesAreMeasuredOnlyOnEvaluatedEpochsAndChangeNoWeight() {
        Matrix[] data = xorData(100, 14);
        TrainingConfig every = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(9).batches(16, true)
                .optimizer(OptimizerSpec.of(OptimizerSpec.Type.MOMENTUM)).learningRate(0.1).l2(0.01).clipNorm(1.0)
                .seed(4).build();
        TrainingConfig some = every.toBuilder().evaluateEvery(4).build();
        List<EpochStats> everyEpoch = new ArrayList<>();
        List<EpochStats> someEpochs = new ArrayList<>();
        Network a = Network.create(2, xorNet(0.1), Initializer.XAVIER, 5);
        Network b = Network.create(2, xorNet(0.1), Initializer.XAVIER, 5);

        new Trainer(a, every, EpochMetric.ACCURACY).fit(data[0], data[1], Trainer.Options.none().listener(everyEpoch::add));
        new Trainer(b, some, EpochMetric.ACCURACY).fit(data[0], data[1], Trainer.Options.none().listener(someEpochs::add));

        assertThat(b.snapshot()).isDeepEqualTo(a.snapshot());
        for (int e = 0; e < 9; e++) {
            boolean evaluated = e + 1 == 1 || (e + 1) % 4 == 0 || e + 1 == 9;
            double running = someEpochs.get(e).runningLoss();
            if (evaluated) {
                assertThat(running).as("epoch %d", e + 1).isEqualTo(everyEpoch.get(e).runningLoss()).isPositive();
            } else {
                assertThat(running).as("epoch %d", e + 1).isNaN();
            }
        }
    }

    @Test
    void cancellingAfterAnEvaluatedFullBatchEpochStillReportsIt() {
        Matrix[] data = xorData(60, 13);
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(100).learningRate(0.1)
                .evaluateEvery(5).build();
        Network network = Network.create(2, xorNet(0), Initializer.XAVIER, 3);
        Trainer trainer = new Trainer(network, config, EpochMetric.ACCURACY);
        List<EpochStats> epochs = new ArrayList<>();
        double[] atTen = new double[1];
        int[] checks = {0};

        TrainingResult result = trainer.fit(data[0], data[1], Trainer.Options.none().listener(stats -> {
            epochs.add(stats);
            if (stats.epoch() == 10) {
                atTen[0] = trainer.evaluate(data[0], data[1])[0];
            }
        }).cancelled(() -> ++checks[0] > 10)); // before epoch 11's pass, which would have evaluated epoch 10

        assertThat(result.reason()).isEqualTo(TrainingResult.StopReason.CANCELLED);
        assertThat(result.epochs()).isEqualTo(10);
        assertThat(result.message()).isEqualTo("cancelled during epoch 11");
        assertThat(epochs).extracting(EpochStats::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(result.last()).isSameAs(epochs.getLast());
        assertThat(result.last().trainLoss()).isEqualTo(atTen[0]).isEqualTo(trainer.evaluate(data[0], data[1])[0]);
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        Matrix[] train = xorData(40, 5);
        Matrix[] validation = xorData(400, 6);
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(5000)
                .optimizer(OptimizerSpec.of(OptimizerSpec.Type.ADAM)).learningRate(0.05)
                .earlyStopping(new TrainingConfig.EarlyStopping(20, 0.0, true)).build();
        Network network = Network.create(2, List.of(new LayerSpec(64, Activation.TANH), new LayerSpec(2, Activation.SOFTMAX)),
                Initializer.XAVIER, 1);
        List<EpochStats> epochs = new ArrayList<>();
        Trainer trainer = new Trainer(network, config, EpochMetric.ACCURACY);

        TrainingResult result = trainer.fit(train[0], train[1],
                Trainer.Options.none().validation(validation[0], validation[1]).listener(epochs::add));

        assertThat(result.reason()).isEqualTo(TrainingResult.StopReason.EARLY_STOPPED);
        assertThat(result.epochs()).isEqualTo(result.bestEpoch() + 20).isLessThan(5000);
        double bestValidation = epochs.stream().mapToDouble(EpochStats::validationLoss).min().orElseThrow();
        assertThat(epochs.get(result.bestEpoch() - 1).validationLoss()).isEqualTo(bestValidation);
        assertThat(trainer.evaluate(validation[0], validation[1])[0]).isEqualTo(bestValidation);
        assertThat(result.message()).contains("validation loss stopped improving after epoch " + result.bestEpoch());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aHugeLearningRateStopsWithTheEpochAndAHint(int evaluateEvery) {
        // evaluated every epoch the loss gives it away, unevaluated the weights do
        Matrix[] data = xorData(100, 7);
        TrainingConfig config = TrainingConfig.builder(Loss.SQUARED_ERROR).reduction(Reduction.SUM).epochs(500)
                .learningRate(1e6).evaluateEvery(evaluateEvery).build();
        Network network = Network.create(2, List.of(new LayerSpec(8, Activation.RELU), new LayerSpec(2, Activation.IDENTITY)),
                Initializer.HE, 1);
        List<EpochStats> epochs = new ArrayList<>();

        TrainingResult result = new Trainer(network, config, EpochMetric.ACCURACY)
                .fit(data[0], data[1], Trainer.Options.none().listener(epochs::add));

        assertThat(result.reason()).isEqualTo(TrainingResult.StopReason.DIVERGED);
        assertThat(result.epochs()).isLessThan(500).isEqualTo(epochs.size() + 1);
        assertThat(result.message()).startsWith("loss diverged at epoch " + result.epochs() + ": ")
                .contains("lower the learning rate (it was 1000000.0)");
    }

    @Test
    void theCancellationCheckStopsTraining() {
        Matrix[] data = xorData(100, 8);
        AtomicInteger epochs = new AtomicInteger();
        TrainingResult result = new Trainer(Network.create(2, xorNet(0), Initializer.XAVIER, 1),
                config(OptimizerSpec.sgd(), 0.1, 1000), EpochMetric.ACCURACY)
                .fit(data[0], data[1], Trainer.Options.none().listener(e -> epochs.incrementAndGet())
                        .cancelled(() -> epochs.get() >= 3));

        assertThat(result.reason()).isEqualTo(TrainingResult.StopReason.CANCELLED);
        assertThat(result.epochs()).isEqualTo(3);
        assertThat(result.message()).isEqualTo("cancelled during epoch 4");
    }

    @Test
    void gradientClippingBoundsTheStep() {
        Network network = Network.create(1, List.of(new LayerSpec(1, Activation.IDENTITY, false, 0)), Initializer.UNIFORM, 0);
        Matrix x = Matrix.of(new double[][] {{1000}});
        Matrix y = Matrix.of(new double[][] {{0}});
        network.setLayer(0, new double[][] {{1}}, null);
        TrainingConfig clipped = TrainingConfig.builder(Loss.SQUARED_ERROR).reduction(Reduction.SUM).learningRate(1.0)
                .clipNorm(0.5).evaluateEvery(0).build();
        new Trainer(network, clipped, null).fit(x, y);
        // the gradient 1000 * 1000 is cut to length 0.5: one step of 0.5
        assertThat(network.parameters().getFirst().value()[0]).isEqualTo(0.5);
    }
}
