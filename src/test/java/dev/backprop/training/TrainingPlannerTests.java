package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.backprop.engine.Activation;
import dev.backprop.engine.EpochStats;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.Loss;
import dev.backprop.engine.ModelTrainer;
import dev.backprop.engine.OptimizerSpec;
import dev.backprop.engine.Reduction;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import dev.backprop.support.SeedsReference;
import dev.backprop.system.ConstraintViolations;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.Violation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TrainingPlannerTests {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    /** Plans as the service does: the request's field annotations first, then the planner. */
    private static TrainingPlan plan(ModelRequest model, TrainingRequest training, DatasetShape shape, long seed) {
        List<Violation> found = ConstraintViolations.of(VALIDATOR.validate(
                new TrainingJobRequest(UUID.randomUUID(), null, null, model, training, null)));
        return TrainingPlanner.plan(model, training, shape, seed, found, TrainingPlanner.Limits.NONE);
    }

    private static final DatasetShape MOONS = new DatasetShape(Task.CLASSIFICATION, 200, 2, 1, 2, true);
    private static final DatasetShape PLANE = new DatasetShape(Task.REGRESSION, 100, 3, 2, 0, true);

    private static ModelRequest hidden(Integer... units) {
        return new ModelRequest(List.of(units), null, null, null, null, null, null, null, null);
    }

    private static List<String> fields(InvalidRequestException e) {
        return e.violations().stream().map(Violation::field).toList();
    }

    @Test
    void aMinimalClassificationRequestPicksSoftmaxAndCrossEntropy() {
        TrainingPlan plan = plan(hidden(3), null, MOONS, 1234);

        assertThat(plan.model().layers()).containsExactly(new TrainingPlan.Layer(3, Activation.TANH, true, 0.0),
                new TrainingPlan.Layer(2, Activation.SOFTMAX, true, 0.0));
        assertThat(plan.training().loss()).isEqualTo(Loss.CATEGORICAL_CROSS_ENTROPY);
        assertThat(plan.training().reduction()).isEqualTo(Reduction.MEAN);
        assertThat(plan.training().epochs()).isEqualTo(100);
        assertThat(plan.training().batchSize()).isEqualTo(32);
        assertThat(plan.training().optimizer().type()).isEqualTo(OptimizerSpec.Type.SGD);
        assertThat(plan.training().schedule().initialRate()).isEqualTo(0.01);
        assertThat(plan.model().initialization()).isEqualTo(Initializer.NORMAL_SCALED);
        assertThat(plan.model().standardize()).isTrue();
        assertThat(plan.seed()).isEqualTo(1234);
        assertThat(plan.modelSpec().initSeed()).isEqualTo(1234);
    }

    @Test
    void aValidationSplitTurnsEarlyStoppingOnByDefaultWithAPatienceOfATenthOfTheEpochs() {
        TrainingRequest split = new TrainingRequest(400, null, null, null, null, null, null, null, null, null, 0.2, null, null);
        assertThat(plan(hidden(3), split, MOONS, 1).training().earlyStopping())
                .isEqualTo(new TrainingPlan.EarlyStopping(40, 0, true));
        TrainingRequest short_ = new TrainingRequest(30, null, null, null, null, null, null, null, null, null, 0.2, null, null);
        assertThat(plan(hidden(3), short_, MOONS, 1).training().earlyStopping().patience()).isEqualTo(10);
        TrainingRequest off = new TrainingRequest(400, null, null, null, null, null, null, null, null, null, 0.2,
                new TrainingRequest.EarlyStoppingRequest(null, null, null, false), null);
        assertThat(plan(hidden(3), off, MOONS, 1).training().earlyStopping()).isNull();
        // without a split nothing changes: the seeds' networks train every epoch
        assertThat(plan(hidden(3), null, MOONS, 1).training().earlyStopping()).isNull();
        TrainingRequest asked = new TrainingRequest(400, null, null, null, null, null, null, null, null, null, null,
                new TrainingRequest.EarlyStoppingRequest(null, null, null, null), null);
        assertThat(plan(hidden(3), asked, MOONS, 1).training().earlyStopping())
                .isEqualTo(new TrainingPlan.EarlyStopping(10, 0, true));
    }

    @Test
    void aDatasetWithoutARowThatHasItsTargetIsRefused() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> plan(hidden(3), null, new DatasetShape(Task.REGRESSION, 0, 3, 1, 0, true), 1));
        assertThat(e.violations()).extracting(Violation::message)
                .contains("no row of the dataset has its target: there is nothing to learn from");
    }

    @Test
    void regressionGetsOneIdentityUnitPerTargetAndSquaredError() {
        TrainingPlan plan = plan(hidden(8, 4), null, PLANE, 1);
        assertThat(plan.model().layers().getLast()).isEqualTo(new TrainingPlan.Layer(2, Activation.IDENTITY, true, 0.0));
        assertThat(plan.training().loss()).isEqualTo(Loss.SQUARED_ERROR);
    }

    @Test
    void aSigmoidOutputOnTwoClassesIsOneUnitWithBinaryCrossEntropy() {
        ModelRequest model = new ModelRequest(List.of(4), Activation.SIGMOID, null,
                new ModelRequest.OutputRequest(Activation.SIGMOID, false), null, Initializer.UNIFORM, null, false, null);
        TrainingPlan plan = plan(model, null, MOONS, 1);
        assertThat(plan.model().layers()).containsExactly(new TrainingPlan.Layer(4, Activation.SIGMOID, true, 0.0),
                new TrainingPlan.Layer(1, Activation.SIGMOID, false, 0.0));
        assertThat(plan.training().loss()).isEqualTo(Loss.BINARY_CROSS_ENTROPY);
        assertThat(plan.model().standardize()).isFalse();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ModelRequest model = new ModelRequest(null, null, List.of(
                new ModelRequest.LayerRequest(0, Activation.RELU, null, null),
                new ModelRequest.LayerRequest(5, Activation.SOFTMAX, null, 1.5)),
                new ModelRequest.OutputRequest(Activation.IDENTITY, null), Loss.CATEGORICAL_CROSS_ENTROPY, null, null, null, null);
        TrainingRequest training = new TrainingRequest(0, -1, null, null, -0.1, null, null, -1.0, null, null, 0.95,
                new TrainingRequest.EarlyStoppingRequest(0, null, null, null), 1L << 33);

        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> plan(model, training, MOONS, 1));

        assertThat(fields(e)).containsExactlyInAnyOrder(
                "model.layers[0].units", "model.layers[1].activation", "model.layers[1].dropout", "model.loss",
                "training.seed", "training.epochs", "training.batchSize", "training.learningRate", "training.l1",
                "training.earlyStopping.patience", "training.validationFraction");
        assertThat(e.violations()).contains(Violation.of("model.loss",
                "CATEGORICAL_CROSS_ENTROPY needs a SOFTMAX output, not IDENTITY"));
    }

    @Test
    void refusesAClassificationLossForRegressionAndBothLayerForms() {
        ModelRequest model = new ModelRequest(List.of(3), null, List.of(), null, Loss.BINARY_CROSS_ENTROPY, null, null,
                null, null);
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> plan(model, null, PLANE, 1));
        assertThat(fields(e)).containsExactlyInAnyOrder("model.layers", "model.loss");
    }

    @Test
    void refusesToTrainAClassifierOnOneClass() {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> plan(null, null, new DatasetShape(Task.CLASSIFICATION, 10, 2, 1, 1, true), 1));

        assertThat(e.violations()).containsExactly(
                Violation.of("datasetId", "the dataset has 1 class; a classifier needs at least two"));
    }

    @Test
    void checksTheShapeOfExplicitWeights() {
        ModelRequest model = new ModelRequest(List.of(3), null, null, null, null, null, List.of(
                new ModelRequest.LayerWeights(new double[][] {{1, 2, 3}, {4, 5}}, new double[] {0, 0, 0}),
                new ModelRequest.LayerWeights(new double[][] {{1, 2}, {3, 4}, {5, 6}}, new double[] {0})), null, null);
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                () -> plan(model, null, MOONS, 1));
        assertThat(e.violations()).containsExactlyInAnyOrder(
                Violation.of("model.initialWeights[0].weights[1]", "must have 3 values (the layer's units)"),
                Violation.of("model.initialWeights[1].biases", "must have 2 values (the layer's units)"));
    }

    /** Britz's network as a user would send it reproduces his loss trace through planner and trainer. */
    @Test
    void britzsSpecFromHisInitialWeightsReproducesHisLosses() {
        JsonNode britz = SeedsReference.seed("britz");
        JsonNode hidden3 = britz.get("hidden3");
        JsonNode init = hidden3.get("init");
        List<ModelRequest.LayerWeights> weights = List.of(
                new ModelRequest.LayerWeights(SeedsReference.matrix(init.get(0)), SeedsReference.matrix(init.get(1))[0]),
                new ModelRequest.LayerWeights(SeedsReference.matrix(init.get(2)), SeedsReference.matrix(init.get(3))[0]));
        ModelRequest model = new ModelRequest(List.of(3), Activation.TANH, null, null, null, null, weights, false, null);
        TrainingRequest training = new TrainingRequest(20000, 0, false, Reduction.SUM, 0.01, null, null, null, 0.01,
                null, null, null, 0L);
        TrainingPlan plan = plan(model, training, MOONS, 99);

        double[][] x = SeedsReference.matrix(britz.get("X"));
        double[] flat = new double[400];
        for (int r = 0; r < 200; r++) {
            flat[2 * r] = x[r][0];
            flat[2 * r + 1] = x[r][1];
        }
        TrainingData data = new TrainingData(Task.CLASSIFICATION, 200, List.of("x1", "x2"), List.of("label"),
                List.of("0", "1"), flat, SeedsReference.doubles(britz.get("y")));
        List<Double> losses = new ArrayList<>();
        ModelTrainer.Outcome outcome = ModelTrainer.train(data, plan.modelSpec(), plan.trainingConfig(1),
                ModelTrainer.Options.none().validationFraction(plan.validationFraction()).listener((EpochStats s) -> {
                    if ((s.epoch() - 1) % 1000 == 0) {
                        losses.add(s.trainLoss());
                    }
                }));

        double[] expected = SeedsReference.doubles(hidden3.get("loss_every_1000"));
        assertThat(losses).hasSize(20);
        assertThat(losses.get(0)).isCloseTo(expected[0], within(1e-6));
        assertThat(losses.get(1)).isCloseTo(expected[1], within(1e-6));
        SeedsReference.assertBritzPhase(losses.get(19));
        assertThat(outcome.train().classification().accuracy()).isEqualTo(hidden3.get("train_accuracy").doubleValue());
    }
}
