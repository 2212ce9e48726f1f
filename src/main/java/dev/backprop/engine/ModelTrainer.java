package dev.backprop.engine;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Trains a model from raw data: draws the validation split from the seed, standardizes inputs with
 * statistics of the training split, encodes class labels as network targets (one-hot, or 0/1 for a
 * single sigmoid output), trains, and reports the final metrics on both splits.
 */
public final class ModelTrainer {

    /** A trained model, how training ended, and its final quality on each split (validation may be null). */
    public record Outcome(TrainedModel model, TrainingResult result, Evaluation train, Evaluation validation) {
    }

    /** The final report for one split: one of the two is set, by task. */
    public record Evaluation(long rows, double loss, Metrics.Classification classification, Metrics.Regression regression) {
    }

    /**
     * Decides after each epoch whether to take a snapshot, and receives it: the checkpoint to resume
     * from and the model as it stands (its own copy of the weights, with the standardization and
     * labels), to show or predict with while training goes on.
     */
    public interface Snapshots {

        boolean due(int epoch);

        void take(Trainer.Checkpoint checkpoint, TrainedModel model);
    }

    private ModelTrainer() {
    }

    /**
     * @param validationFraction share of rows held out for validation, in [0, 1); drawn from the
     *     training config's seed
     */
    public static Outcome train(TrainingData data, ModelSpec spec, TrainingConfig config, double validationFraction,
            Trainer.EpochListener listener, BooleanSupplier cancelled) {
        return train(data, spec, config, validationFraction, listener, cancelled, null);
    }

    /**
     * Continues training {@code start}: its weights are where training begins, and its
     * standardization is kept (not fitted again), so its inputs mean what they meant. {@code data}
     * must be in the model's terms: its features in the model's order, its class numbers indexes
     * into the model's labels. With {@code start} null this is {@link #train} from {@code spec}.
     */
    public static Outcome train(TrainingData data, ModelSpec spec, TrainingConfig config, double validationFraction,
            Trainer.EpochListener listener, BooleanSupplier cancelled, TrainedModel start) {
        return train(data, spec, config, validationFraction, listener, cancelled, start, null, null);
    }

    /**
     * The full form: continuing {@code start} when given, resuming from {@code resume} when given (a
     * checkpoint of the same data, spec and config), and offering {@code snapshots} one after every
     * epoch. The split and standardization are drawn again from the seed and data, so they
     * are the ones the checkpoint was taken with.
     */
    public static Outcome train(TrainingData data, ModelSpec spec, TrainingConfig config, double validationFraction,
            Trainer.EpochListener listener, BooleanSupplier cancelled, TrainedModel start, Trainer.Checkpoint resume,
            Snapshots snapshots) {
        if (start != null && (start.network().inputs() != data.featureCount() || start.task() != data.task()
                || !start.labels().equals(data.labels()))) {
            throw new IllegalArgumentException("the data is not in the terms of the model it continues");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (data.task() == Task.CLASSIFICATION && data.labels().size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two classes, the data has "
                    + data.labels().size());
        }
        int n = data.rows();
        int validationRows = (int) Math.round(n * validationFraction);
        if (validationFraction > 0 && (validationRows < 1 || validationRows >= n)) {
            throw new IllegalArgumentException("a validation fraction of " + validationFraction + " of " + n
                    + " rows leaves no rows for " + (validationRows < 1 ? "validation" : "training"));
        }
        int[] order = new RandomState(config.seed() & RandomState.MAX_SEED).permutation(n);
        int[] validationIndex = Arrays.copyOfRange(order, 0, validationRows);
        int[] trainIndex = Arrays.copyOfRange(order, validationRows, n);
        // keep the data's own order within each split: without shuffling, training sees rows as given
        Arrays.sort(validationIndex);
        Arrays.sort(trainIndex);

        Network network;
        if (start == null) {
            network = spec.build(data.featureCount());
        } else {
            network = new Network(start.network().inputs(), start.network().specs());
            network.restore(start.network().snapshot());
        }
        Matrix xTrain = rows(data.features(), data.featureCount(), trainIndex);
        Matrix xValidation = validationRows > 0 ? rows(data.features(), data.featureCount(), validationIndex) : null;
        Standardizer standardizer = start != null ? start.standardizer() : spec.standardize() ? Standardizer.fit(xTrain) : null;
        if (standardizer != null) {
            standardizer.apply(xTrain);
            if (xValidation != null) {
                standardizer.apply(xValidation);
            }
        }
        Matrix yTrain = targets(data, network.outputs(), trainIndex);
        Matrix yValidation = validationRows > 0 ? targets(data, network.outputs(), validationIndex) : null;

        Metric metric = data.task() == Task.CLASSIFICATION ? Metric.ACCURACY : Metric.R_SQUARED;
        Trainer trainer = new Trainer(network, config, metric);
        TrainingResult result = trainer.fit(xTrain, yTrain, xValidation, yValidation, listener, cancelled, resume,
                snapshots == null ? null : new Trainer.Checkpoints() {
                    @Override
                    public boolean due(int epoch) {
                        return snapshots.due(epoch);
                    }

                    @Override
                    public void write(Trainer.Checkpoint checkpoint) {
                        Network copy = new Network(network.inputs(), network.specs());
                        copy.restore(checkpoint.weights());
                        snapshots.take(checkpoint, new TrainedModel(data.task(), copy, standardizer, data.featureNames(),
                                data.targetNames(), data.labels()));
                    }
                });
        TrainedModel model = new TrainedModel(data.task(), network, standardizer, data.featureNames(),
                data.targetNames(), data.labels());
        Evaluation train = evaluate(model, trainer, xTrain, yTrain);
        Evaluation validation = xValidation == null ? null : evaluate(model, trainer, xValidation, yValidation);
        return new Outcome(model, result, train, validation);
    }

    /** Checks that the network's output width fits the data before anything is built. */
    public static String outputProblem(TrainingData data, int outputs) {
        if (data.task() == Task.REGRESSION) {
            return outputs == data.targetCount() ? null
                    : "the output layer has " + outputs + " units but the data has " + data.targetCount() + " targets";
        }
        int classes = data.labels().size();
        if (outputs == classes || (outputs == 1 && classes == 2)) {
            return null;
        }
        return "the output layer has " + outputs + " units but the data has " + classes + " classes"
                + (classes == 2 ? " (use 2 units with softmax, or 1 with sigmoid)" : "");
    }

    private static Evaluation evaluate(TrainedModel model, Trainer trainer, Matrix x, Matrix y) {
        double loss = trainer.evaluate(x, y)[0];
        Matrix outputs = model.network().predict(x);
        if (model.task() == Task.CLASSIFICATION) {
            int[] predicted = model.classes(outputs);
            int[] actual = model.classes(y);
            return new Evaluation(x.rows(), loss,
                    Metrics.classification(actual, predicted, model.labels().size()), null);
        }
        return new Evaluation(x.rows(), loss, null, Metrics.regression(Arrays.copyOf(y.data(), y.size()),
                Arrays.copyOf(outputs.data(), outputs.size()), y.cols()));
    }

    private static Matrix rows(double[] values, int cols, int[] index) {
        Matrix m = new Matrix(index.length, cols);
        for (int r = 0; r < index.length; r++) {
            System.arraycopy(values, index[r] * cols, m.data(), r * cols, cols);
        }
        return m;
    }

    private static Matrix targets(TrainingData data, int outputs, int[] index) {
        String problem = outputProblem(data, outputs);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (data.task() == Task.REGRESSION) {
            return rows(data.targets(), data.targetCount(), index);
        }
        Matrix y = new Matrix(index.length, outputs);
        for (int r = 0; r < index.length; r++) {
            int label = (int) data.targets()[index[r]];
            if (outputs == 1) {
                y.set(r, 0, label);
            } else {
                y.set(r, label, 1.0);
            }
        }
        return y;
    }
}
