package dev.backprop.dataset;

import dev.backprop.engine.Task;
import java.util.List;
import java.util.UUID;

/**
 * A dataset's columns and classes, in stored order: what another feature matches by name before it
 * reads the rows. {@code labels} are the class labels, indexed by the class numbers in the targets.
 */
public record DatasetColumns(UUID id, String name, Task task, int rows, List<String> featureNames,
        List<String> targetNames, List<String> labels) {
}
