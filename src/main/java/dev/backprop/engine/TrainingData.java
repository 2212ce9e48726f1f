package dev.backprop.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A dataset's values in memory, row-major: {@code features[r * featureCount + c]}; for
 * classification one target per row, the index of its label in {@code labels}; for regression
 * {@code targetCount} numbers per row. A classifier needs at least two labels to train. A missing
 * value is NaN, in a feature or a target. {@code levels} says per feature column whether it is a
 * number (null) or a category, whose values are indexes into its list of levels.
 */
public record TrainingData(
        Task task,
        int rows,
        List<String> featureNames,
        List<String> targetNames,
        List<String> labels,
        double[] features,
        double[] targets,
        List<List<String>> levels) {

    /** A table whose features are all numbers. */
    public TrainingData(Task task, int rows, List<String> featureNames, List<String> targetNames, List<String> labels,
            double[] features, double[] targets) {
        this(task, rows, featureNames, targetNames, labels, features, targets,
                Collections.nCopies(featureNames.size(), null));
    }

    public TrainingData {
        featureNames = List.copyOf(featureNames);
        targetNames = List.copyOf(targetNames);
        labels = List.copyOf(labels);
        List<List<String>> copied = new ArrayList<>(levels.size());
        for (List<String> l : levels) {
            copied.add(l == null ? null : List.copyOf(l));
        }
        levels = Collections.unmodifiableList(copied);
        if (levels.size() != featureNames.size()) {
            throw new IllegalArgumentException(levels.size() + " level lists for " + featureNames.size() + " features");
        }
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

    /** Whether feature {@code column} is a category. */
    public boolean categorical(int column) {
        return levels.get(column) != null;
    }

    /** Whether every feature is a number and no value is missing: the table a network takes as it is. */
    public boolean numericAndComplete() {
        for (List<String> l : levels) {
            if (l != null) {
                return false;
            }
        }
        for (double v : features) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    /** Whether row {@code r} has its target (every target, for regression). */
    public boolean hasTarget(int r) {
        int count = targetNames.size();
        for (int t = 0; t < count; t++) {
            if (Double.isNaN(targets[r * count + t])) {
                return false;
            }
        }
        return true;
    }

    public int featureCount() {
        return featureNames.size();
    }

    public int targetCount() {
        return targetNames.size();
    }
}
