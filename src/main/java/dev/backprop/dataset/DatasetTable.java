package dev.backprop.dataset;

import java.util.List;

/**
 * A dataset's values in memory, row-major: {@code features[r * featureCount + c]} and
 * {@code targets[r * targetCount + t]}. For classification there is one target per row, the index of
 * its label in {@code classLabels}; for regression, {@code targetCount} numbers per row.
 */
public record DatasetTable(
        TaskType task,
        List<String> featureNames,
        List<String> targetNames,
        List<String> classLabels,
        int rows,
        double[] features,
        double[] targets) {

    public DatasetTable {
        featureNames = List.copyOf(featureNames);
        targetNames = List.copyOf(targetNames);
        classLabels = List.copyOf(classLabels);
        if (features.length != (long) rows * featureNames.size()) {
            throw new IllegalArgumentException("features hold " + features.length + " values, expected "
                    + rows + " x " + featureNames.size());
        }
        if (targets.length != (long) rows * targetNames.size()) {
            throw new IllegalArgumentException("targets hold " + targets.length + " values, expected "
                    + rows + " x " + targetNames.size());
        }
        if ((task == TaskType.CLASSIFICATION) != !classLabels.isEmpty()) {
            throw new IllegalArgumentException("class labels are given for, and only for, classification");
        }
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int targetCount() {
        return targetNames.size();
    }
}
