package dev.backprop.engine;

import java.util.List;

/**
 * A dataset's values in memory, row-major: {@code features[r * featureCount + c]}; for
 * classification one target per row, the index of its label in {@code labels}; for regression
 * {@code targetCount} numbers per row. A classifier needs at least two labels to train.
 */
public record TrainingData(
        Task task,
        int rows,
        List<String> featureNames,
        List<String> targetNames,
        List<String> labels,
        double[] features,
        double[] targets) {

    public TrainingData {
        featureNames = List.copyOf(featureNames);
        targetNames = List.copyOf(targetNames);
        labels = List.copyOf(labels);
        if (features.length != (long) rows * featureNames.size() || targets.length != (long) rows * targetNames.size()) {
            throw new IllegalArgumentException("features and targets do not hold " + rows + " rows");
        }
        if (task == Task.CLASSIFICATION && (targetNames.size() != 1 || labels.isEmpty())) {
            throw new IllegalArgumentException("classification needs one target column and its labels");
        }
        if (task == Task.REGRESSION && !labels.isEmpty()) {
            throw new IllegalArgumentException("regression has no labels");
        }
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int targetCount() {
        return targetNames.size();
    }
}
