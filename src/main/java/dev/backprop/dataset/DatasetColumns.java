package dev.backprop.dataset;

import dev.backprop.engine.Task;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A dataset's columns and classes, in stored order: what another feature matches by name before it
 * reads the rows. {@code labels} are the class labels, indexed by the class numbers in the targets;
 * {@code featureLevels} holds per feature its levels when it is a category (its values index them),
 * null when it is a number; {@code featureMissing} how many of its values are missing. {@code labelledRows}
 * have their target.
 */
public record DatasetColumns(UUID id, String name, Task task, int rows, int labelledRows, List<String> featureNames,
        List<String> targetNames, List<String> labels, List<List<String>> featureLevels, List<Integer> featureMissing) {

    public DatasetColumns {
        featureLevels = Collections.unmodifiableList(ColumnKinds.copy(featureLevels));
        featureMissing = List.copyOf(featureMissing);
    }

    /** Where each of {@code wanted} stands in {@code present}, -1 for those it lacks: columns matched by name. */
    public static int[] positions(List<String> wanted, List<String> present) {
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
