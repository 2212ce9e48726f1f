package dev.backprop.training;

import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.Loss;
import dev.backprop.engine.OptimizerSpec;
import dev.backprop.engine.Preprocessing;
import dev.backprop.engine.Reduction;
import dev.backprop.engine.Schedule;
import dev.backprop.engine.Task;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a model and training spec against a dataset, defaults filled in, into a {@link TrainingPlan}.
 * The request records' annotations hold the rules of one field (ranges); this holds the rules that
 * span fields or need the dataset: input and output widths, a loss that fits the output activation,
 * the shape of explicit weights, a validation share that leaves rows on both sides. The problems the
 * annotations found are passed in, so that a client sees every problem in one 400.
 */
final class TrainingPlanner {

    /**
     * What one job may ask for: {@code maxParameters} weights and biases, and {@code maxWork} epochs x
     * training rows x parameters (see {@link TrainingProperties}).
     */
    record Limits(long maxParameters, long maxWork) {

        /** No limits: for tests and tools that plan without a service. */
        static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private final List<Violation> violations;
    private final Limits limits;

    private TrainingPlanner(List<Violation> found, Limits limits) {
        this.violations = new ArrayList<>(found);
        this.limits = limits;
    }

    /**
     * @param found what validating the request's fields found already; fields named there are not
     *     checked again
     * @param randomSeed the seed to use when the request gives none
     * @param limits the network's size and the job's work are checked against these
     * @throws InvalidRequestException listing every problem, those found before and these
     */
    static TrainingPlan plan(ModelRequest model, TrainingRequest training, DatasetShape shape, long randomSeed,
            List<Violation> found, Limits limits) {
        TrainingPlanner planner = new TrainingPlanner(found, limits);
        TrainingPlan plan = planner.resolve(model == null ? empty() : model,
                training == null ? emptyTraining() : training, shape, randomSeed);
        if (!planner.violations.isEmpty()) {
            throw new InvalidRequestException(planner.violations);
        }
        return plan;
    }

    /** The preprocessing a request asks for, defaults filled in. */
    static Preprocessing preprocessing(ModelRequest model) {
        return model == null || model.preprocessing() == null ? Preprocessing.DEFAULT : model.preprocessing().resolve();
    }

    private static ModelRequest empty() {
        return new ModelRequest(null, null, null, null, null, null, null, null, null);
    }

    private static TrainingRequest emptyTraining() {
        return new TrainingRequest(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private void fail(String field, String message) {
        violations.add(Violation.of(field, message));
    }

    private TrainingPlan resolve(ModelRequest model, TrainingRequest training, DatasetShape shape, long randomSeed) {
        List<TrainingPlan.Layer> layers = hiddenLayers(model);
        Activation outputActivation = model.output() != null && model.output().activation() != null
                ? model.output().activation()
                : shape.task() == Task.CLASSIFICATION ? Activation.SOFTMAX : Activation.IDENTITY;
        boolean outputBias = model.output() == null || model.output().bias() == null || model.output().bias();
        int outputUnits = outputUnits(shape, outputActivation);
        Loss loss = model.loss() != null ? model.loss() : defaultLoss(shape, outputActivation);
        checkLoss(loss, outputActivation, shape);
        layers.add(new TrainingPlan.Layer(outputUnits, outputActivation, outputBias, 0.0));
        if (model.initialWeights() != null && !shape.exactInputs()) {
            fail("model.initialWeights", "the network's input width follows from the training split here (category"
                    + " levels, or gaps with missingIndicator); give initialWeights only for columns of numbers");
        } else if (model.initialWeights() != null && violations.isEmpty()) {
            checkInitialWeights(model.initialWeights(), layers, shape.features());
        }
        if (shape.rows() == 0) {
            fail("datasetId", "no row of the dataset has its target: there is nothing to learn from");
        }
        double validation = training.validationFraction() == null ? 0 : training.validationFraction();
        if (validation > 0 && !reported("training.validationFraction")) {
            long held = Math.round(shape.rows() * validation);
            if (held < 1 || held >= shape.rows()) {
                fail("training.validationFraction", "holds out " + held + " of " + shape.rows()
                        + " rows, leaving none for " + (held < 1 ? "validation" : "training"));
            }
        }
        if (!violations.isEmpty()) {
            return null;
        }
        TrainingPlan.Training settings = training(training, loss, validation > 0);
        checkSize(layers, shape.features(), settings.epochs(), shape.rows() - Math.round(shape.rows() * validation));
        if (!violations.isEmpty()) {
            return null;
        }
        long seed = training.seed() != null ? training.seed() : randomSeed;
        TrainingPlan.Network network = new TrainingPlan.Network(layers,
                model.initialization() != null ? model.initialization() : Initializer.NORMAL_SCALED,
                model.standardize() == null || model.standardize(), model.initialWeights(), preprocessing(model),
                shape.features());
        return new TrainingPlan(seed, network, settings, validation, null, null);
    }

    /**
     * The network's parameters against {@code maxParameters}, and epochs x training rows x parameters
     * against {@code maxWork}; products saturate at {@code Long.MAX_VALUE} instead of overflowing.
     */
    private void checkSize(List<TrainingPlan.Layer> layers, int inputs, int epochs, long trainingRows) {
        long parameters = 0;
        long width = inputs;
        for (TrainingPlan.Layer layer : layers) {
            parameters = saturatedAdd(parameters, saturatedAdd(saturatedMultiply(width, layer.units()),
                    layer.bias() ? layer.units() : 0));
            width = layer.units();
        }
        if (parameters > limits.maxParameters()) {
            fail("model", "the network has " + parameters + " weights and biases; at most " + limits.maxParameters()
                    + " are allowed (backprop.training.max-parameters)");
            return;
        }
        long work = saturatedMultiply(saturatedMultiply(epochs, trainingRows), parameters);
        if (work > limits.maxWork()) {
            fail("training.epochs", "epochs x training rows x parameters = " + epochs + " x " + trainingRows + " x "
                    + parameters + (work == Long.MAX_VALUE ? ", more than " + Long.MAX_VALUE : " = " + work)
                    + "; a job may do at most " + limits.maxWork() + " (backprop.training.max-work): fewer epochs,"
                    + " rows or units");
        }
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private boolean reported(String field) {
        return violations.stream().anyMatch(v -> v.field().equals(field) || v.field().startsWith(field + "."));
    }

    private List<TrainingPlan.Layer> hiddenLayers(ModelRequest model) {
        List<TrainingPlan.Layer> layers = new ArrayList<>();
        if (model.hiddenLayers() != null && model.layers() != null) {
            fail("model.layers", "give hiddenLayers or layers, not both");
            return layers;
        }
        if (model.hiddenLayers() != null) {
            if (model.activation() == Activation.SOFTMAX) {
                fail("model.activation", "softmax belongs on the output layer only");
            }
            Activation activation = model.activation() != null ? model.activation() : Activation.TANH;
            for (Integer units : model.hiddenLayers()) {
                layers.add(new TrainingPlan.Layer(units == null ? 0 : units, activation, true, 0.0));
            }
        } else if (model.layers() != null) {
            if (model.activation() != null) {
                fail("model.activation", "applies to hiddenLayers; give each of layers its own activation");
            }
            for (int i = 0; i < model.layers().size(); i++) {
                ModelRequest.LayerRequest layer = model.layers().get(i);
                if (layer == null) {
                    continue;
                }
                Activation activation = layer.activation() != null ? layer.activation() : Activation.TANH;
                if (activation == Activation.SOFTMAX) {
                    fail("model.layers[" + i + "].activation", "softmax belongs on the output layer only");
                }
                layers.add(new TrainingPlan.Layer(layer.units() == null ? 0 : layer.units(), activation,
                        layer.bias() == null || layer.bias(), layer.dropout() == null ? 0 : layer.dropout()));
            }
        }
        return layers;
    }

    private int outputUnits(DatasetShape shape, Activation activation) {
        if (shape.task() == Task.REGRESSION) {
            if (activation == Activation.SOFTMAX) {
                fail("model.output.activation", "softmax outputs classes; a regression output is usually IDENTITY");
            }
            return shape.targets();
        }
        if (shape.classes() < 2) {
            fail("datasetId", "the dataset has " + shape.classes() + " class; a classifier needs at least two");
        }
        // two classes through one sigmoid unit (the seeds' form); otherwise one unit per class
        return activation == Activation.SIGMOID && shape.classes() == 2 ? 1 : shape.classes();
    }

    private static Loss defaultLoss(DatasetShape shape, Activation output) {
        if (shape.task() == Task.REGRESSION) {
            return Loss.SQUARED_ERROR;
        }
        if (output == Activation.SOFTMAX) {
            return Loss.CATEGORICAL_CROSS_ENTROPY;
        }
        return output == Activation.SIGMOID ? Loss.BINARY_CROSS_ENTROPY : Loss.SQUARED_ERROR;
    }

    private void checkLoss(Loss loss, Activation output, DatasetShape shape) {
        if (loss == Loss.SQUARED_ERROR) {
            return;
        }
        if (shape.task() == Task.REGRESSION) {
            fail("model.loss", loss + " is a classification loss; regression takes SQUARED_ERROR");
        } else if (loss == Loss.CATEGORICAL_CROSS_ENTROPY && output != Activation.SOFTMAX) {
            fail("model.loss", "CATEGORICAL_CROSS_ENTROPY needs a SOFTMAX output, not " + output);
        } else if (loss == Loss.BINARY_CROSS_ENTROPY && output != Activation.SIGMOID) {
            fail("model.loss", "BINARY_CROSS_ENTROPY needs a SIGMOID output, not " + output);
        }
    }

    private void checkInitialWeights(List<ModelRequest.LayerWeights> given, List<TrainingPlan.Layer> layers,
            int inputs) {
        if (given.size() != layers.size()) {
            fail("model.initialWeights", "has " + given.size() + " layers; the network has " + layers.size()
                    + " (hidden layers and the output layer)");
            return;
        }
        int width = inputs;
        for (int i = 0; i < layers.size(); i++) {
            String field = "model.initialWeights[" + i + "]";
            TrainingPlan.Layer layer = layers.get(i);
            ModelRequest.LayerWeights entry = given.get(i);
            double[][] w = entry == null ? null : entry.weights();
            if (w == null || w.length != width) {
                fail(field + ".weights", "must have " + width + " rows (the layer's inputs)");
            } else {
                for (int r = 0; r < w.length; r++) {
                    if (w[r] == null || w[r].length != layer.units()) {
                        fail(field + ".weights[" + r + "]", "must have " + layer.units() + " values (the layer's units)");
                    } else {
                        finite(w[r], field + ".weights[" + r + "]");
                    }
                }
            }
            double[] b = entry == null ? null : entry.biases();
            if (layer.bias() && (b == null || b.length != layer.units())) {
                fail(field + ".biases", "must have " + layer.units() + " values (the layer's units)");
            } else if (!layer.bias() && b != null) {
                fail(field + ".biases", "the layer has no bias; leave biases out");
            } else if (b != null) {
                finite(b, field + ".biases");
            }
            width = layer.units();
        }
    }

    /** A value past a double's range (1e400) arrives as infinity; neither it nor NaN can start training. */
    private void finite(double[] values, String field) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                fail(field + "[" + i + "]", "must be a finite number");
            }
        }
    }

    /** The training settings with defaults filled in; the annotations have checked every range. */
    private static TrainingPlan.Training training(TrainingRequest t, Loss loss, boolean validated) {
        double rate = t.learningRate() == null ? 0.01 : t.learningRate();
        int epochs = t.epochs() == null ? 100 : t.epochs();
        TrainingRequest.EarlyStoppingRequest asked = t.earlyStopping();
        // with a validation split a run stops once it overfits, unless asked not to; without one, only when asked
        boolean on = asked == null ? validated : asked.enabled() == null || asked.enabled();
        TrainingPlan.EarlyStopping stopping = !on ? null : new TrainingPlan.EarlyStopping(
                asked == null || asked.patience() == null ? defaultPatience(epochs, asked == null) : asked.patience(),
                asked == null || asked.minDelta() == null ? 0 : asked.minDelta(),
                asked == null || asked.restoreBest() == null || asked.restoreBest());
        return new TrainingPlan.Training(loss, t.reduction() != null ? t.reduction() : Reduction.MEAN,
                epochs, t.batchSize() == null ? 32 : t.batchSize(),
                t.shuffle() == null || t.shuffle(), optimizer(t.optimizer()), schedule(t.schedule(), rate),
                orZero(t.l1()), orZero(t.l2()), orZero(t.clipNorm()), stopping);
    }

    /**
     * Epochs without improvement before stopping: 10 when asked for, and by default a tenth of the run (at
     * least 10), so that a long run is not cut by the noise of a few epochs.
     */
    private static int defaultPatience(int epochs, boolean byDefault) {
        return byDefault ? Math.max(10, epochs / 10) : 10;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static TrainingPlan.Optimizer optimizer(TrainingRequest.OptimizerRequest o) {
        OptimizerSpec d = OptimizerSpec.of(o == null || o.type() == null ? OptimizerSpec.Type.SGD : o.type());
        if (o == null) {
            return new TrainingPlan.Optimizer(d.type(), d.momentum(), d.beta1(), d.beta2(), d.rho(), d.epsilon());
        }
        return new TrainingPlan.Optimizer(d.type(), or(o.momentum(), d.momentum()), or(o.beta1(), d.beta1()),
                or(o.beta2(), d.beta2()), or(o.rho(), d.rho()), or(o.epsilon(), d.epsilon()));
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    private static TrainingPlan.LearningRate schedule(TrainingRequest.ScheduleRequest s, double rate) {
        Schedule.Type type = s == null || s.type() == null ? Schedule.Type.CONSTANT : s.type();
        if (type == Schedule.Type.CONSTANT) {
            Schedule constant = Schedule.constant(rate);
            return new TrainingPlan.LearningRate(type, rate, constant.decay(), constant.stepSize());
        }
        double decay = s.decay() == null ? (type == Schedule.Type.INVERSE_TIME ? 0.01 : 0.5) : s.decay();
        return new TrainingPlan.LearningRate(type, rate, decay, s.stepSize() == null ? 10 : s.stepSize());
    }
}
