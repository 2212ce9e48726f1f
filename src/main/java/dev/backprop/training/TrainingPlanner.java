package dev.backprop.training;

import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.Loss;
import dev.backprop.engine.ModelSpec;
import dev.backprop.engine.OptimizerSpec;
import dev.backprop.engine.RandomState;
import dev.backprop.engine.Reduction;
import dev.backprop.engine.Schedule;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingConfig;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a model and training spec against a dataset and resolves it, defaults filled in, into
 * what the engine runs. Every problem is collected, so a client sees them all in one 400: input
 * and output widths, a loss that does not fit the output activation, numbers out of range,
 * explicit weights of the wrong shape.
 */
final class TrainingPlanner {

    static final int MAX_UNITS = 4096;
    static final int MAX_HIDDEN_LAYERS = 32;
    static final int MAX_EPOCHS = 1_000_000;

    private final List<Violation> violations = new ArrayList<>();

    private TrainingPlanner() {
    }

    /**
     * @param randomSeed the seed to use when the request gives none
     * @throws InvalidRequestException listing every problem found
     */
    static TrainingPlan plan(ModelRequest model, TrainingRequest training, DatasetShape shape, long randomSeed) {
        TrainingPlanner planner = new TrainingPlanner();
        TrainingPlan plan = planner.resolve(model == null ? empty() : model,
                training == null ? emptyTraining() : training, shape, randomSeed);
        if (!planner.violations.isEmpty()) {
            throw new InvalidRequestException(planner.violations);
        }
        return plan;
    }

    private static ModelRequest empty() {
        return new ModelRequest(null, null, null, null, null, null, null, null);
    }

    private static TrainingRequest emptyTraining() {
        return new TrainingRequest(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private void fail(String field, String message) {
        violations.add(Violation.of(field, message));
    }

    private TrainingPlan resolve(ModelRequest model, TrainingRequest training, DatasetShape shape, long randomSeed) {
        List<LayerSpec> layers = hiddenLayers(model);
        Activation outputActivation = model.output() != null && model.output().activation() != null
                ? model.output().activation()
                : shape.task() == Task.CLASSIFICATION ? Activation.SOFTMAX : Activation.IDENTITY;
        boolean outputBias = model.output() == null || model.output().bias() == null || model.output().bias();
        int outputUnits = outputUnits(shape, outputActivation);
        Loss loss = model.loss() != null ? model.loss() : defaultLoss(shape, outputActivation);
        checkLoss(loss, outputActivation, shape);
        if (outputUnits > 0) {
            layers.add(new LayerSpec(outputUnits, outputActivation, outputBias, 0.0));
        }

        long seed = training.seed() != null ? training.seed() : randomSeed;
        if (seed < 0 || seed > RandomState.MAX_SEED) {
            fail("training.seed", "must be between 0 and " + RandomState.MAX_SEED);
            seed = 0;
        }
        List<double[][]> weights = null;
        List<double[]> biases = null;
        if (model.initialWeights() != null && violations.isEmpty()) {
            weights = new ArrayList<>();
            biases = new ArrayList<>();
            checkInitialWeights(model.initialWeights(), layers, shape.features(), weights, biases);
        }
        boolean standardize = model.standardize() == null || model.standardize();
        Initializer initializer = model.initialization() != null ? model.initialization() : Initializer.NORMAL_SCALED;

        TrainingConfig config = config(training, loss, shape, seed);
        double validation = training.validationFraction() == null ? 0 : training.validationFraction();
        if (!(validation >= 0 && validation <= 0.9)) {
            fail("training.validationFraction", "must be between 0 and 0.9");
        } else if (validation > 0) {
            long held = Math.round(shape.rows() * validation);
            if (held < 1 || held >= shape.rows()) {
                fail("training.validationFraction", "holds out " + held + " of " + shape.rows()
                        + " rows, leaving none for " + (held < 1 ? "validation" : "training"));
            }
        }
        if (!violations.isEmpty()) {
            return null;
        }
        return new TrainingPlan(new ModelSpec(layers, initializer, seed, weights, biases, standardize), config,
                validation, seed);
    }

    private List<LayerSpec> hiddenLayers(ModelRequest model) {
        List<LayerSpec> layers = new ArrayList<>();
        if (model.hiddenLayers() != null && model.layers() != null) {
            fail("model.layers", "give hiddenLayers or layers, not both");
            return layers;
        }
        if (model.hiddenLayers() != null) {
            if (model.activation() == Activation.SOFTMAX) {
                fail("model.activation", "softmax belongs on the output layer only");
            }
            Activation activation = model.activation() != null ? model.activation() : Activation.TANH;
            checkCount(model.hiddenLayers().size(), "model.hiddenLayers");
            for (int i = 0; i < model.hiddenLayers().size(); i++) {
                Integer units = model.hiddenLayers().get(i);
                if (checkUnits(units, "model.hiddenLayers[" + i + "]") && activation != Activation.SOFTMAX) {
                    layers.add(new LayerSpec(units, activation, true, 0.0));
                }
            }
        } else if (model.layers() != null) {
            if (model.activation() != null) {
                fail("model.activation", "applies to hiddenLayers; give each of layers its own activation");
            }
            checkCount(model.layers().size(), "model.layers");
            for (int i = 0; i < model.layers().size(); i++) {
                String field = "model.layers[" + i + "]";
                ModelRequest.LayerRequest layer = model.layers().get(i);
                if (layer == null) {
                    fail(field, "must be an object");
                    continue;
                }
                boolean ok = checkUnits(layer.units(), field + ".units");
                Activation activation = layer.activation() != null ? layer.activation() : Activation.TANH;
                if (activation == Activation.SOFTMAX) {
                    fail(field + ".activation", "softmax belongs on the output layer only");
                    ok = false;
                }
                double dropout = layer.dropout() == null ? 0 : layer.dropout();
                if (!(dropout >= 0 && dropout < 1)) {
                    fail(field + ".dropout", "must be at least 0 and below 1");
                    ok = false;
                }
                if (ok) {
                    layers.add(new LayerSpec(layer.units(), activation, layer.bias() == null || layer.bias(), dropout));
                }
            }
        }
        return layers;
    }

    private void checkCount(int count, String field) {
        if (count > MAX_HIDDEN_LAYERS) {
            fail(field, "has " + count + " layers; at most " + MAX_HIDDEN_LAYERS + " are allowed");
        }
    }

    private boolean checkUnits(Integer units, String field) {
        if (units == null || units < 1 || units > MAX_UNITS) {
            fail(field, "units must be between 1 and " + MAX_UNITS);
            return false;
        }
        return true;
    }

    private int outputUnits(DatasetShape shape, Activation activation) {
        if (shape.task() == Task.REGRESSION) {
            if (activation == Activation.SOFTMAX) {
                fail("model.output.activation", "softmax outputs classes; a regression output is usually IDENTITY");
                return 0;
            }
            return shape.targets();
        }
        if (shape.classes() < 2) {
            fail("datasetId", "the dataset has " + shape.classes() + " class; a classifier needs at least two");
            return 0;
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

    private void checkInitialWeights(List<ModelRequest.LayerWeights> given, List<LayerSpec> layers, int inputs,
            List<double[][]> weights, List<double[]> biases) {
        if (given.size() != layers.size()) {
            fail("model.initialWeights", "has " + given.size() + " layers; the network has " + layers.size()
                    + " (hidden layers and the output layer)");
            return;
        }
        int width = inputs;
        for (int i = 0; i < layers.size(); i++) {
            String field = "model.initialWeights[" + i + "]";
            LayerSpec layer = layers.get(i);
            ModelRequest.LayerWeights entry = given.get(i);
            double[][] w = entry == null ? null : entry.weights();
            if (w == null || w.length != width) {
                fail(field + ".weights", "must have " + width + " rows (the layer's inputs)");
            } else {
                for (int r = 0; r < w.length; r++) {
                    if (w[r] == null || w[r].length != layer.units()) {
                        fail(field + ".weights[" + r + "]", "must have " + layer.units() + " values (the layer's units)");
                    }
                }
            }
            double[] b = entry == null ? null : entry.biases();
            if (layer.bias() && (b == null || b.length != layer.units())) {
                fail(field + ".biases", "must have " + layer.units() + " values (the layer's units)");
            } else if (!layer.bias() && b != null) {
                fail(field + ".biases", "the layer has no bias; leave biases out");
            }
            weights.add(w);
            biases.add(b);
            width = layer.units();
        }
    }

    private TrainingConfig config(TrainingRequest t, Loss loss, DatasetShape shape, long seed) {
        int epochs = t.epochs() == null ? 100 : t.epochs();
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            fail("training.epochs", "must be between 1 and " + MAX_EPOCHS);
        }
        int batch = t.batchSize() == null ? 32 : t.batchSize();
        if (batch < 0) {
            fail("training.batchSize", "must be 0 (full batch) or positive");
        }
        double rate = t.learningRate() == null ? 0.01 : t.learningRate();
        if (!(rate > 0) || Double.isInfinite(rate)) {
            fail("training.learningRate", "must be a positive number");
        }
        double l1 = nonNegative(t.l1(), "training.l1");
        double l2 = nonNegative(t.l2(), "training.l2");
        double clip = nonNegative(t.clipNorm(), "training.clipNorm");
        OptimizerSpec optimizer = optimizer(t.optimizer());
        Schedule schedule = schedule(t.schedule(), rate > 0 && Double.isFinite(rate) ? rate : 0.01);
        TrainingConfig.EarlyStopping stopping = null;
        if (t.earlyStopping() != null) {
            int patience = t.earlyStopping().patience() == null ? 10 : t.earlyStopping().patience();
            double minDelta = t.earlyStopping().minDelta() == null ? 0 : t.earlyStopping().minDelta();
            if (patience < 1) {
                fail("training.earlyStopping.patience", "must be at least 1 epoch");
            }
            if (!(minDelta >= 0)) {
                fail("training.earlyStopping.minDelta", "must not be negative");
            }
            if (patience >= 1 && minDelta >= 0) {
                stopping = new TrainingConfig.EarlyStopping(patience, minDelta,
                        t.earlyStopping().restoreBest() == null || t.earlyStopping().restoreBest());
            }
        }
        if (!violations.isEmpty() || optimizer == null || schedule == null) {
            return null;
        }
        return new TrainingConfig(loss, t.reduction() != null ? t.reduction() : Reduction.MEAN, epochs, batch,
                t.shuffle() == null || t.shuffle(), optimizer, schedule, l1, l2, clip, stopping, 1, seed);
    }

    private double nonNegative(Double value, String field) {
        double v = value == null ? 0 : value;
        if (!(v >= 0) || Double.isInfinite(v)) {
            fail(field, "must be a non-negative number");
            return 0;
        }
        return v;
    }

    private OptimizerSpec optimizer(TrainingRequest.OptimizerRequest o) {
        if (o == null) {
            return OptimizerSpec.sgd();
        }
        OptimizerSpec defaults = OptimizerSpec.of(o.type() != null ? o.type() : OptimizerSpec.Type.SGD);
        double momentum = unit(o.momentum(), defaults.momentum(), "training.optimizer.momentum");
        double beta1 = unit(o.beta1(), defaults.beta1(), "training.optimizer.beta1");
        double beta2 = unit(o.beta2(), defaults.beta2(), "training.optimizer.beta2");
        double rho = unit(o.rho(), defaults.rho(), "training.optimizer.rho");
        double epsilon = o.epsilon() == null ? defaults.epsilon() : o.epsilon();
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            fail("training.optimizer.epsilon", "must be a positive number");
            return null;
        }
        return new OptimizerSpec(defaults.type(), momentum, beta1, beta2, rho, epsilon);
    }

    private double unit(Double value, double fallback, String field) {
        double v = value == null ? fallback : value;
        if (!(v >= 0 && v < 1)) {
            fail(field, "must be at least 0 and below 1");
            return fallback;
        }
        return v;
    }

    private Schedule schedule(TrainingRequest.ScheduleRequest s, double rate) {
        if (s == null || s.type() == null || s.type() == Schedule.Type.CONSTANT) {
            return Schedule.constant(rate);
        }
        double decay = s.decay() == null ? (s.type() == Schedule.Type.INVERSE_TIME ? 0.01 : 0.5) : s.decay();
        int step = s.stepSize() == null ? 10 : s.stepSize();
        if (!(decay >= 0) || Double.isInfinite(decay)) {
            fail("training.schedule.decay", "must be a non-negative number");
            return null;
        }
        if (s.type() == Schedule.Type.STEP && step < 1) {
            fail("training.schedule.stepSize", "must be at least 1 epoch");
            return null;
        }
        return new Schedule(s.type(), rate, decay, Math.max(step, 1));
    }
}
