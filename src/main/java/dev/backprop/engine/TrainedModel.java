package dev.backprop.engine;

import java.util.List;

/**
 * A trained network with everything needed to use it on raw rows: how each raw column becomes its
 * inputs (imputation, standardization, one-hot levels, learnt from the training split), the target
 * names, and for classification the labels in output order.
 */
public record TrainedModel(
        Task task,
        Network network,
        Inputs inputs,
        List<String> targetNames,
        List<String> labels) {

    /** A model whose inputs are numbers, standardized by {@code standardizer} or (null) taken as they are. */
    public TrainedModel(Task task, Network network, Standardizer standardizer, List<String> featureNames,
            List<String> targetNames, List<String> labels) {
        this(task, network, Inputs.numbers(featureNames, standardizer), targetNames, labels);
    }

    public TrainedModel {
        targetNames = List.copyOf(targetNames);
        labels = List.copyOf(labels);
        if (inputs.width() != network.inputs()) {
            throw new IllegalArgumentException("the network takes " + network.inputs() + " inputs but its columns "
                    + inputs.names() + " make " + inputs.width());
        }
        if (task == Task.CLASSIFICATION) {
            int outputs = network.outputs();
            boolean binary = outputs == 1 && labels.size() == 2;
            if (!binary && outputs != labels.size()) {
                throw new IllegalArgumentException("a classifier with " + outputs + " outputs needs as many labels (or "
                        + "2 for one sigmoid output), got " + labels.size());
            }
        } else if (!labels.isEmpty()) {
            throw new IllegalArgumentException("a regression model has no labels");
        } else if (targetNames.size() != network.outputs()) {
            throw new IllegalArgumentException("a regression model with " + network.outputs()
                    + " outputs needs as many target names, got " + targetNames.size());
        }
    }

    /** The raw columns' names, in the order a raw row holds them. */
    public List<String> featureNames() {
        return inputs.names();
    }

    /** The standardization of a model whose inputs are standardized numbers, else null. */
    public Standardizer standardizer() {
        return inputs.standardizer();
    }

    /**
     * The network's outputs for raw rows, one value per column in {@link Inputs}' terms (numbers, NaN
     * for missing, category level indexes); {@code rows} is left untouched.
     */
    public Matrix predict(Matrix rows) {
        if (rows.cols() != inputs.columns().size()) {
            throw new IllegalArgumentException("expected " + inputs.columns().size() + " columns, got " + rows.cols());
        }
        // numbers taken as they are need no copy
        return network.predict(inputs.passThrough(rows.data(), rows.rows()) ? rows
                : inputs.encode(rows.data(), rows.rows()));
    }

    /** The predicted class index of each row of outputs (classification only). */
    public int[] classes(Matrix outputs) {
        int[] out = new int[outputs.rows()];
        int cols = outputs.cols();
        for (int r = 0; r < out.length; r++) {
            out[r] = cols == 1 ? (outputs.data()[r] >= 0.5 ? 1 : 0) : EpochMetric.argmax(outputs.data(), r * cols, cols);
        }
        return out;
    }

    /**
     * The probability of each class for one row of outputs: the softmax outputs as they are, or
     * [1 - p, p] for a single sigmoid output.
     */
    public double[] probabilities(Matrix outputs, int row) {
        if (outputs.cols() == 1) {
            double p = outputs.get(row, 0);
            return new double[] {1 - p, p};
        }
        return outputs.row(row);
    }
}
