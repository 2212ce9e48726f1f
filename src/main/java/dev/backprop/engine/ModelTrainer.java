package dev.backprop.engine;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Trains a model from raw data: leaves out rows without a target, draws the validation split from
 * the seed, learns from the training split how raw columns become inputs ({@link Inputs}: imputation,
 * standardization, one-hot categories), encodes class labels as network targets (one-hot, or 0/1 for a
 * single sigmoid output), trains, and reports the final metrics on both splits.
 */
public final class ModelTrainer {

    /** A trained model, how training ended, and its final quality on each split (validation may be null). */
    public record Outcome(TrainedModel model, TrainingResult result, Evaluation train, Evaluation validation) {
    }

    /** The final report for one split, in {@link Metrics}' terms: one of the two is set, by task. */
    public record Evaluation(long rows, double loss, Metrics.ClassificationResult classification,
            Metrics.RegressionResult regression) {
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

    /**
     * What one training watches and reports to besides its data, spec and config, every part
     * optional: start from {@link #none()} and add parts with the withers.
     *
     * @param validationFraction share of rows held out for validation, in [0, 1); drawn from the
     *     training config's seed
     * @param listener receives every epoch's figures; null for none
     * @param cancelled asked before every batch; true ends training, CANCELLED
     * @param start a model to continue: its weights are where training begins and its inputs are
     *     kept (not fitted again), so they mean what they meant; the data must be in its terms (its
     *     features in the model's order, its class numbers indexes into the model's labels). Null to
     *     build the network from the spec
     * @param resume a checkpoint of the same data, spec and config to resume from (the split and
     *     inputs are drawn again from the seed and data, so they are the ones it was taken with); null
     *     to start
     * @param snapshots offered a snapshot after every epoch; null for none
     * @param folds hold out one fold of a k-fold assignment instead of a drawn fraction; null for none
     */
    public record Options(double validationFraction, Trainer.EpochListener listener, BooleanSupplier cancelled,
            TrainedModel start, Trainer.Checkpoint resume, Snapshots snapshots, Folds folds) {

        private static final Options NONE = new Options(0, null, () -> false, null, null, null, null);

        public Options {
            if (!(validationFraction >= 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("the validation fraction must be in [0, 1), got "
                        + validationFraction);
            }
            if (cancelled == null) {
                throw new IllegalArgumentException("the cancellation check is required (none() never cancels)");
            }
            if (folds != null && validationFraction > 0) {
                throw new IllegalArgumentException("hold out a fraction or a fold, not both");
            }
        }

        /** No validation split, listener, cancellation, start model, resume or snapshots. */
        public static Options none() {
            return NONE;
        }

        public Options validationFraction(double fraction) {
            return new Options(fraction, listener, cancelled, start, resume, snapshots, folds);
        }

        public Options listener(Trainer.EpochListener listener) {
            return new Options(validationFraction, listener, cancelled, start, resume, snapshots, folds);
        }

        public Options cancelled(BooleanSupplier cancelled) {
            return new Options(validationFraction, listener, cancelled, start, resume, snapshots, folds);
        }

        public Options start(TrainedModel start) {
            return new Options(validationFraction, listener, cancelled, start, resume, snapshots, folds);
        }

        public Options resume(Trainer.Checkpoint resume) {
            return new Options(validationFraction, listener, cancelled, start, resume, snapshots, folds);
        }

        public Options snapshots(Snapshots snapshots) {
            return new Options(validationFraction, listener, cancelled, start, resume, snapshots, folds);
        }

        public Options folds(Folds folds) {
            return new Options(validationFraction, listener, cancelled, start, resume, snapshots, folds);
        }
    }

    private ModelTrainer() {
    }

    /** Trains a model from {@code data} as {@code spec} and {@code config} say, with no validation split. */
    public static Outcome train(TrainingData data, ModelSpec spec, TrainingConfig config) {
        return train(data, spec, config, Options.none());
    }

    /** Trains a model from {@code data} as {@code spec} and {@code config} say, watched as {@code options} says. */
    public static Outcome train(TrainingData data, ModelSpec spec, TrainingConfig config, Options options) {
        TrainedModel start = options.start();
        double validationFraction = options.validationFraction();
        if (start != null && (!start.featureNames().equals(data.featureNames()) || start.task() != data.task()
                || !start.labels().equals(data.labels()))) {
            throw new IllegalArgumentException("the data is not in the terms of the model it continues");
        }
        if (data.task() == Task.CLASSIFICATION && data.labels().size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two classes, the data has "
                    + data.labels().size());
        }
        int[] labelled = labelledRows(data);
        int n = labelled.length;
        if (n == 0) {
            throw new IllegalArgumentException("no row has its target");
        }
        int[][] split = options.folds() != null ? foldSplit(data, labelled, options.folds())
                : drawnSplit(labelled, validationFraction, config.seed());
        int[] validationIndex = split[0];
        int[] trainIndex = split[1];
        int validationRows = validationIndex.length;
        // keep the data's own order within each split: without shuffling, training sees rows as given
        Arrays.sort(validationIndex);
        Arrays.sort(trainIndex);

        Inputs inputs = start != null ? start.inputs()
                : Inputs.fit(data.features(), data.featureCount(), trainIndex, data.featureNames(), data.levels(),
                        spec.preprocessing(), spec.standardize());
        Network network;
        if (start == null) {
            network = spec.build(inputs.width());
        } else {
            network = new Network(start.network().inputs(), start.network().specs());
            network.restore(start.network().snapshot());
        }
        Matrix xTrain = encode(inputs, data, trainIndex);
        Matrix xValidation = validationRows > 0 ? encode(inputs, data, validationIndex) : null;
        Matrix yTrain = targets(data, network.outputs(), trainIndex);
        Matrix yValidation = validationRows > 0 ? targets(data, network.outputs(), validationIndex) : null;

        EpochMetric metric = data.task() == Task.CLASSIFICATION ? EpochMetric.ACCURACY : EpochMetric.R_SQUARED;
        Trainer trainer = new Trainer(network, config, metric);
        Snapshots snapshots = options.snapshots();
        Trainer.Options fit = Trainer.Options.none().validation(xValidation, yValidation)
                .listener(options.listener()).cancelled(options.cancelled()).resume(options.resume());
        if (snapshots != null) {
            fit = fit.checkpoints(new Trainer.Checkpoints() {
                @Override
                public boolean due(int epoch) {
                    return snapshots.due(epoch);
                }

                @Override
                public void write(Trainer.Checkpoint checkpoint) {
                    Network copy = new Network(network.inputs(), network.specs());
                    copy.restore(checkpoint.weights());
                    snapshots.take(checkpoint, new TrainedModel(data.task(), copy, inputs, data.targetNames(),
                            data.labels()));
                }
            });
        }
        TrainingResult result = trainer.fit(xTrain, yTrain, fit);
        TrainedModel model = new TrainedModel(data.task(), network, inputs, data.targetNames(), data.labels());
        Evaluation train = evaluate(model, trainer, xTrain, yTrain);
        Evaluation validation = xValidation == null ? null : evaluate(model, trainer, xValidation, yValidation);
        return new Outcome(model, result, train, validation);
    }

    /** The validation and training rows when {@code fraction} of the labelled rows, drawn from the seed, is held out. */
    private static int[][] drawnSplit(int[] labelled, double fraction, long seed) {
        int n = labelled.length;
        int validationRows = (int) Math.round(n * fraction);
        if (fraction > 0 && (validationRows < 1 || validationRows >= n)) {
            throw new IllegalArgumentException("a validation fraction of " + fraction + " of " + n
                    + " rows leaves no rows for " + (validationRows < 1 ? "validation" : "training"));
        }
        int[] order = new RandomState(seed & RandomState.MAX_SEED).permutation(n);
        int[] validationIndex = new int[validationRows];
        int[] trainIndex = new int[n - validationRows];
        for (int i = 0; i < n; i++) {
            if (i < validationRows) {
                validationIndex[i] = labelled[order[i]];
            } else {
                trainIndex[i - validationRows] = labelled[order[i]];
            }
        }
        return new int[][] {validationIndex, trainIndex};
    }

    /** The validation rows are the held-out fold's, the training rows every other labelled row. */
    private static int[][] foldSplit(TrainingData data, int[] labelled, Folds folds) {
        int[] fold = folds.assign(data);
        int held = 0;
        for (int row : labelled) {
            if (fold[row] == folds.index()) {
                held++;
            }
        }
        int[] validationIndex = new int[held];
        int[] trainIndex = new int[labelled.length - held];
        int v = 0;
        int t = 0;
        for (int row : labelled) {
            if (fold[row] == folds.index()) {
                validationIndex[v++] = row;
            } else {
                trainIndex[t++] = row;
            }
        }
        return new int[][] {validationIndex, trainIndex};
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
            int[] actual = model.classes(y);
            Metrics.Classification metrics = new Metrics.Classification(model.labels().size());
            for (int r = 0; r < actual.length; r++) {
                metrics.add(actual[r], model.probabilities(outputs, r));
            }
            return new Evaluation(x.rows(), loss, metrics.result(), null);
        }
        Metrics.Regression metrics = new Metrics.Regression(y.cols());
        for (int r = 0, off = 0; r < y.rows(); r++, off += y.cols()) {
            metrics.add(y.data(), off, outputs.data(), off);
        }
        return new Evaluation(x.rows(), loss, null, metrics.result());
    }

    /** The rows that have their target, in order: a row without one neither trains nor validates. */
    static int[] labelledRows(TrainingData data) {
        int[] rows = new int[data.rows()];
        int n = 0;
        for (int r = 0; r < data.rows(); r++) {
            if (data.hasTarget(r)) {
                rows[n++] = r;
            }
        }
        return n == rows.length ? rows : Arrays.copyOf(rows, n);
    }

    /** The network's inputs for rows {@code index} of the data. */
    private static Matrix encode(Inputs inputs, TrainingData data, int[] index) {
        Matrix raw = rows(data.features(), data.featureCount(), index);
        if (inputs.passThrough(raw.data(), index.length)) {
            return raw;
        }
        double[] values = data.numericAndComplete() ? raw.data()
                : inputs.recode(raw.data(), index.length, data.levels());
        return inputs.encode(values, index.length);
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
