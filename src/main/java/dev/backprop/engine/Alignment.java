package dev.backprop.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Another table in a model's terms - what continuing to train a model and evaluating it on a dataset
 * both need. Found by name: where each of the model's features sits among the table's, for each of
 * the model's category columns the model's code of each of the table's levels (-1 for a level the
 * model never saw), each of the table's classes as an index into the model's labels (-1 for one it
 * never saw), and where each of the model's targets sits. What does not fit is listed; where
 * something does not fit, the maps hold -1 there.
 *
 * @param featureAt per model feature, its column in the table, or -1
 * @param levelCodes per model feature, null for a number; for a category, the model's code of each table level
 * @param classOf per table class, its index among the model's labels, or -1
 * @param targetAt per model target, its column in the table, or -1
 * @param missingFeatures the model's features the table lacks, in the model's order
 * @param mismatchedKinds the model's columns that are a category to one side and a number to the other
 * @param unseenLabels the table's classes the model never saw (classification only)
 * @param missingTargets the model's targets the table lacks (regression only)
 */
public record Alignment(int[] featureAt, double[][] levelCodes, int[] classOf, int[] targetAt,
        List<String> missingFeatures, List<Inputs.Column> mismatchedKinds, List<String> unseenLabels,
        List<String> missingTargets) {

    /**
     * @param levels per table feature, its levels, or null for a number column
     * @param labels the table's classes (empty for regression)
     */
    public static Alignment of(TrainedModel model, List<String> featureNames, List<List<String>> levels,
            List<String> labels, List<String> targetNames) {
        List<String> modelFeatures = model.featureNames();
        int[] featureAt = positions(modelFeatures, featureNames);
        double[][] levelCodes = new double[featureAt.length][];
        List<String> missingFeatures = new ArrayList<>();
        List<Inputs.Column> mismatchedKinds = new ArrayList<>();
        for (int i = 0; i < featureAt.length; i++) {
            if (featureAt[i] < 0) {
                missingFeatures.add(modelFeatures.get(i));
                continue;
            }
            Inputs.Column column = model.inputs().columns().get(i);
            List<String> tableLevels = levels.get(featureAt[i]);
            if ((column instanceof Inputs.Category) != (tableLevels != null)) {
                mismatchedKinds.add(column);
            } else if (column instanceof Inputs.Category category) {
                levelCodes[i] = category.codesOf(tableLevels);
            }
        }
        boolean classes = model.task() == Task.CLASSIFICATION;
        int[] classOf = positions(labels, classes ? model.labels() : List.of());
        int[] targetAt = positions(model.targetNames(), targetNames);
        return new Alignment(featureAt, levelCodes, classOf, targetAt, List.copyOf(missingFeatures),
                List.copyOf(mismatchedKinds), classes ? absent(labels, model.labels()) : List.of(),
                classes ? List.of() : absent(model.targetNames(), targetNames));
    }

    /** Whether nothing is missing, unseen or of another kind. */
    public boolean fits() {
        return missingFeatures.isEmpty() && mismatchedKinds.isEmpty() && unseenLabels.isEmpty()
                && missingTargets.isEmpty();
    }

    /** For each of {@code wanted}, its index in {@code present}, or -1. */
    private static int[] positions(List<String> wanted, List<String> present) {
        int[] at = new int[wanted.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = present.indexOf(wanted.get(i));
        }
        return at;
    }

    /** The names of {@code wanted} that {@code present} lacks, in order. */
    public static List<String> absent(List<String> wanted, List<String> present) {
        return wanted.stream().filter(name -> !present.contains(name)).toList();
    }
}
