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
}
