package dev.backprop.engine;

import java.util.List;

/**
 * Raw training data as the service hands it over, row-major: {@code features[r * featureCount + c]};
 * for classification one target per row, the class index into {@code labels}; for regression
 * {@code targetCount} numbers per row.
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
        if (task == Task.CLASSIFICATION && (targetNames.size() != 1 || labels.size() < 2)) {
            throw new IllegalArgumentException("classification needs one target column and at least two labels");
        }
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int targetCount() {
        return targetNames.size();
    }
}
