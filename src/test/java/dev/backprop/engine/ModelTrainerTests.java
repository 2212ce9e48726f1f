package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelTrainerTests {

    /** Three well separated Gaussian clusters on very different feature scales. */
    private static TrainingData blobs(int n) {
        RandomState random = new RandomState(3);
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            int k = r % 3;
            x[2 * r] = 1000 + 300 * k + random.normal(0, 40);
            x[2 * r + 1] = 0.001 * k + random.normal(0, 0.0002);
            y[r] = k;
        }
        return new TrainingData(Task.CLASSIFICATION, n, List.of("big", "small"), List.of("label"),
                List.of("a", "b", "c"), x, y);
    }

    private static TrainingConfig adam(int epochs) {
        return TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(epochs).batches(16, true)
                .optimizer(OptimizerSpec.of(OptimizerSpec.Type.ADAM)).seed(5).build();
    }

    private static ModelSpec spec(int outputs, Activation output, boolean standardize) {
        return new ModelSpec(List.of(new LayerSpec(8, Activation.TANH), new LayerSpec(outputs, output)),
                Initializer.XAVIER, 1, null, null, standardize);
    }

    @Test
    void standardizesFromTheTrainingSplitAndReportsBothSplits() {
        TrainingData data = blobs(300);
        ModelTrainer.Outcome outcome = ModelTrainer.train(data, spec(3, Activation.SOFTMAX, true), adam(40),
                ModelTrainer.Options.none().validationFraction(0.2));

        assertThat(outcome.train().rows()).isEqualTo(240);
        assertThat(outcome.validation().rows()).isEqualTo(60);
        assertThat(outcome.train().classification().accuracy()).isEqualTo(1.0);
        assertThat(outcome.validation().classification().accuracy()).isEqualTo(1.0);
        assertThat(outcome.validation().classification().confusion()).isDeepEqualTo(diagonal(outcome.validation()));
        Standardizer standardizer = outcome.model().standardizer();
        assertThat(standardizer.mean()[0]).isCloseTo(1300, within(20.0));
        assertThat(standardizer.std()[1]).isCloseTo(0.0008, within(0.0002));

        Matrix outputs = outcome.model().predict(Matrix.of(new double[][] {{1600, 0.002}, {1000, 0.0}}));
        assertThat(outcome.model().classes(outputs)).containsExactly(2, 0);
        assertThat(outcome.model().probabilities(outputs, 0)).hasSize(3);
    }

    /**
     * A class decided by a category and a number with gaps; some rows have no target. The rows without
     * one are left out of both splits, the category's unseen level and the gaps are answered.
     */
    @Test
    void learnsFromCategoriesAndGapsAndLeavesOutRowsWithoutATarget() {
        int n = 400;
        RandomState random = new RandomState(7);
        double[] x = new double[n * 2];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            int colour = r % 3; // red, green, blue; blue and a high number make class 1
            double v = random.normal(0, 1);
            x[2 * r] = colour;
            x[2 * r + 1] = r % 10 == 0 ? Double.NaN : v;
            y[r] = r % 17 == 0 ? Double.NaN : colour == 2 && v > 0 ? 1 : 0;
        }
        TrainingData data = new TrainingData(Task.CLASSIFICATION, n, List.of("colour", "v"), List.of("label"),
                List.of("no", "yes"), x, y, java.util.Arrays.asList(List.of("red", "green", "blue"), null));
        ModelTrainer.Outcome outcome = ModelTrainer.train(data, spec(2, Activation.SOFTMAX, true), adam(60),
                ModelTrainer.Options.none().validationFraction(0.25));
        int labelled = n - (n + 16) / 17;
        assertThat(outcome.train().rows() + outcome.validation().rows()).isEqualTo(labelled);
        assertThat(outcome.validation().classification().accuracy()).isGreaterThan(0.9);
        Inputs inputs = outcome.model().inputs();
        assertThat(inputs.inputNames()).containsExactly("colour=red", "colour=green", "colour=blue", "v");
        assertThat(((Inputs.Number) inputs.columns().get(1)).imputes()).isTrue();
        // blue with a high value, a gap, and a colour the model never saw (all inputs off): no NaN anywhere
        Matrix outputs = outcome.model().predict(Matrix.of(new double[][] {{2, 2}, {2, Double.NaN}, {-1, 0}}));
        assertThat(outcome.model().classes(outputs)[0]).isEqualTo(1);
        for (int i = 0; i < outputs.size(); i++) {
            assertThat(outputs.data()[i]).isFinite();
        }
    }

    @Test
    void gapsAreFilledWhenInputsAreNotStandardizedToo() {
        TrainingData data = blobs(90);
        double[] x = data.features().clone();
        for (int r = 0; r < 90; r += 7) {
            x[2 * r] = Double.NaN;
        }
        TrainingData gappy = new TrainingData(data.task(), 90, data.featureNames(), data.targetNames(), data.labels(),
                x, data.targets());
        ModelTrainer.Outcome outcome = ModelTrainer.train(gappy, spec(3, Activation.SOFTMAX, false), adam(5),
                ModelTrainer.Options.none().validationFraction(0.2));
        assertThat(outcome.train().loss()).isFinite();
        Matrix outputs = outcome.model().predict(Matrix.of(new double[][] {{Double.NaN, 0.001}, {1300, 0.001}}));
        for (int i = 0; i < outputs.size(); i++) {
            assertThat(outputs.data()[i]).isFinite();
        }
    }

    @Test
    void continuingFullBatchSgdFromAModelIsTheSameAsTrainingThatLongInOneGo() {
        TrainingData data = blobs(90);
        TrainingConfig thirty = TestConfigs.fullBatch(Loss.CATEGORICAL_CROSS_ENTROPY, 30, 0.05);
        TrainingConfig twenty = TestConfigs.fullBatch(Loss.CATEGORICAL_CROSS_ENTROPY, 20, 0.05);
        TrainingConfig fifty = TestConfigs.fullBatch(Loss.CATEGORICAL_CROSS_ENTROPY, 50, 0.05);
        ModelSpec spec = spec(3, Activation.SOFTMAX, true);

        TrainedModel first = ModelTrainer.train(data, spec, thirty).model();
        double[][] before = first.network().snapshot();
        TrainedModel continued = ModelTrainer.train(data, spec, twenty, ModelTrainer.Options.none().start(first))
                .model();
        TrainedModel direct = ModelTrainer.train(data, spec, fifty).model();

        assertThat(continued.network().snapshot()).isDeepEqualTo(direct.network().snapshot());
        assertThat(continued.inputs()).isSameAs(first.inputs());
        assertThat(first.network().snapshot()).as("the model continued from is left as it was").isDeepEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trainingResumedFromACheckpointEndsOnTheWeightsOfAnUninterruptedRun(boolean fullBatch) {
        // shuffled mini-batches, dropout, Adam, a validation split and early stopping's bookkeeping:
        // every piece of state a checkpoint must carry; and full batches in row order, where the
        // training pass reads the data in place
        TrainingData data = blobs(150);
        ModelSpec spec = new ModelSpec(List.of(new LayerSpec(8, Activation.TANH, true, fullBatch ? 0 : 0.2),
                new LayerSpec(3, Activation.SOFTMAX)), Initializer.XAVIER, 1, null, null, true);
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(40)
                .batches(fullBatch ? 0 : 16, !fullBatch).optimizer(OptimizerSpec.of(OptimizerSpec.Type.ADAM))
                .earlyStopping(new TrainingConfig.EarlyStopping(1000, 0, true)).seed(5).build();
        TrainedModel uninterrupted = ModelTrainer.train(data, spec, config,
                ModelTrainer.Options.none().validationFraction(0.2)).model();

        // a run that takes checkpoints and is stopped after epoch 23
        java.util.List<byte[]> written = new java.util.ArrayList<>();
        int[] epochs = {0};
        ModelTrainer.train(data, spec, config, ModelTrainer.Options.none().validationFraction(0.2)
                .listener(stats -> epochs[0] = stats.epoch()).cancelled(() -> epochs[0] >= 23)
                .snapshots(new ModelTrainer.Snapshots() {
                    @Override
                    public boolean due(int epoch) {
                        return epoch % 10 == 0;
                    }

                    @Override
                    public void take(Trainer.Checkpoint checkpoint, TrainedModel model) {
                        written.add(CheckpointCodec.toBytes(checkpoint));
                        assertThat(model.network().snapshot()).isDeepEqualTo(checkpoint.weights());
                    }
                }));
        assertThat(written).hasSize(2);
        Trainer.Checkpoint last = CheckpointCodec.fromBytes(written.getLast());
        assertThat(last.epoch()).isEqualTo(20);

        ModelTrainer.Outcome resumed = ModelTrainer.train(data, spec, config,
                ModelTrainer.Options.none().validationFraction(0.2).resume(last));

        assertThat(resumed.result().epochs()).isEqualTo(40);
        assertThat(resumed.model().network().snapshot()).isDeepEqualTo(uninterrupted.network().snapshot());
        assertThat(CheckpointCodec.toBytes(CheckpointCodec.fromBytes(written.getFirst()))).isEqualTo(written.getFirst());
    }

    @Test
    void continuingRefusesDataNotInTheModelsTerms() {
        TrainingData data = blobs(30);
        TrainedModel model = ModelTrainer.train(data, spec(3, Activation.SOFTMAX, true), adam(1)).model();
        TrainingData relabelled = new TrainingData(Task.CLASSIFICATION, 30, data.featureNames(), data.targetNames(),
                List.of("c", "b", "a"), data.features(), data.targets());
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                ModelTrainer.train(relabelled, spec(3, Activation.SOFTMAX, true), adam(1),
                        ModelTrainer.Options.none().start(model)));
    }

    private static long[][] diagonal(ModelTrainer.Evaluation evaluation) {
        long[][] confusion = evaluation.classification().confusion();
        long[][] expected = new long[3][3];
        for (int k = 0; k < 3; k++) {
            for (long count : confusion[k]) {
                expected[k][k] += count;
            }
        }
        return expected;
    }

    @Test
    void withoutStandardizationTheSameNetworkStruggles() {
        ModelTrainer.Outcome raw = ModelTrainer.train(blobs(300), spec(3, Activation.SOFTMAX, false), adam(40),
                ModelTrainer.Options.none().validationFraction(0.2));
        assertThat(raw.model().standardizer()).isNull();
        assertThat(raw.validation().classification().accuracy()).isLessThan(1.0);
    }

    @Test
    void encodesTwoClassesForOneSigmoidOutput() {
        double[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        double[] y = {0, 1, 1, 0};
        TrainingData xor = new TrainingData(Task.CLASSIFICATION, 4, List.of("a", "b"), List.of("label"),
                List.of("no", "yes"), x, y);
        TrainingConfig config = TrainingConfig.builder(Loss.BINARY_CROSS_ENTROPY).reduction(Reduction.SUM).epochs(2000)
                .learningRate(0.5).evaluateEvery(100).build();
        ModelSpec spec = new ModelSpec(List.of(new LayerSpec(4, Activation.TANH), new LayerSpec(1, Activation.SIGMOID)),
                Initializer.NORMAL_SCALED, 2, null, null, false);

        ModelTrainer.Outcome outcome = ModelTrainer.train(xor, spec, config);

        Metrics.ClassificationResult report = outcome.train().classification();
        assertThat(report.accuracy()).isEqualTo(1.0);
        assertThat(report.precision()).containsExactly(1.0, 1.0);
        assertThat(outcome.validation()).isNull();
        Matrix outputs = outcome.model().predict(Matrix.of(new double[][] {{0, 1}}));
        assertThat(outcome.model().probabilities(outputs, 0)[1]).isGreaterThan(0.9);
    }

    @Test
    void regressesAPlaneAndReportsErrors() {
        RandomState random = new RandomState(8);
        int n = 200;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int r = 0; r < n; r++) {
            x[2 * r] = random.uniform(-1, 1);
            x[2 * r + 1] = random.uniform(-1, 1);
            y[r] = 3 * x[2 * r] - 2 * x[2 * r + 1] + 0.5;
        }
        TrainingData data = new TrainingData(Task.REGRESSION, n, List.of("a", "b"), List.of("y"), List.of(), x, y);
        TrainingConfig config = TrainingConfig.builder(Loss.SQUARED_ERROR).epochs(300).learningRate(0.3)
                .evaluateEvery(0).build();
        ModelSpec linear = new ModelSpec(List.of(new LayerSpec(1, Activation.IDENTITY)), Initializer.XAVIER, 0, null,
                null, false);

        ModelTrainer.Outcome outcome = ModelTrainer.train(data, linear, config,
                ModelTrainer.Options.none().validationFraction(0.25));

        assertThat(outcome.validation().regression().r2()).isGreaterThan(0.9999);
        assertThat(outcome.validation().regression().mae()).isLessThan(0.01);
        double[] w = outcome.model().network().parameters().get(0).value();
        assertThat(w).containsExactly(new double[] {3, -2}, within(1e-2));
    }

    @Test
    void refusesAnOutputLayerThatDoesNotFitTheClasses() {
        assertThat(ModelTrainer.outputProblem(blobs(30), 2))
                .isEqualTo("the output layer has 2 units but the data has 3 classes");
        assertThatIllegalArgumentException().isThrownBy(() -> ModelTrainer.train(blobs(30),
                spec(2, Activation.SOFTMAX, true), adam(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> ModelTrainer.train(blobs(3),
                spec(3, Activation.SOFTMAX, true), adam(1), ModelTrainer.Options.none().validationFraction(0.1)))
                .withMessageContaining("leaves no rows for validation");
    }

    @Test
    void epochFiguresAndTheFinalReportShareOneDefinitionOfRSquared() {
        // two targets of very different spread: R² pooled over the targets and R² averaged per target differ
        RandomState random = new RandomState(9);
        int n = 120;
        double[] x = new double[n];
        double[] y = new double[2 * n];
        for (int r = 0; r < n; r++) {
            x[r] = random.uniform(-1, 1);
            y[2 * r] = 10 * x[r] + random.uniform(-1, 1);
            y[2 * r + 1] = 0.1 * x[r] + random.uniform(-0.1, 0.1);
        }
        TrainingData data = new TrainingData(Task.REGRESSION, n, List.of("x"), List.of("wide", "narrow"), List.of(), x,
                y);
        TrainingConfig config = TrainingConfig.builder(Loss.SQUARED_ERROR).epochs(40).learningRate(0.1).build();
        ModelSpec linear = new ModelSpec(List.of(new LayerSpec(2, Activation.IDENTITY)), Initializer.XAVIER, 0, null,
                null, false);
        List<EpochStats> epochs = new ArrayList<>();

        ModelTrainer.Outcome outcome = ModelTrainer.train(data, linear, config,
                ModelTrainer.Options.none().listener(epochs::add));

        Metrics.RegressionResult report = outcome.train().regression();
        assertThat(epochs.getLast().trainMetric()).isEqualTo(report.r2());
        assertThat(report.r2()).isEqualTo((report.r2PerTarget()[0] + report.r2PerTarget()[1]) / 2);
        assertThat(report.r2PerTarget()[0] - report.r2PerTarget()[1]).as("the two targets fit differently")
                .isGreaterThan(0.05);
    }
}
