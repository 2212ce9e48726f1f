package dev.backprop.engine;

import java.util.List;

/**
 * A trained network with everything needed to use it on raw inputs: the input standardization
 * learnt from the training split (or none), the feature and target names, and for classification
 * the labels in output order.
 */
public record TrainedModel(
        Task task,
        Network network,
        Standardizer standardizer,
        List<String> featureNames,
        List<String> targetNames,
        List<String> labels) {

    public TrainedModel {
        featureNames = List.copyOf(featureNames);
        targetNames = List.copyOf(targetNames);
        labels = List.copyOf(labels);
        if (featureNames.size() != network.inputs()) {
            throw new IllegalArgumentException("the network takes " + network.inputs() + " inputs but "
                    + featureNames.size() + " feature names are given");
        }
        if (standardizer != null && standardizer.features() != network.inputs()) {
            throw new IllegalArgumentException("the standardizer covers " + standardizer.features()
                    + " features, the network takes " + network.inputs());
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

    /** The network's outputs for raw (unstandardized) input rows; {@code inputs} is left untouched. */
    public Matrix predict(Matrix inputs) {
        Matrix x = inputs;
        if (standardizer != null) {
            x = inputs.copy();
            standardizer.apply(x);
        }
        return network.predict(x);
    }

    /** The predicted class index of each row of outputs (classification only). */
    public int[] classes(Matrix outputs) {
        int[] out = new int[outputs.rows()];
        int cols = outputs.cols();
        for (int r = 0; r < out.length; r++) {
            out[r] = cols == 1 ? (outputs.data()[r] >= 0.5 ? 1 : 0) : Metric.argmax(outputs.data(), r * cols, cols);
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
