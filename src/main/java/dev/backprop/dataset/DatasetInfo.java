package dev.backprop.dataset;

import dev.backprop.engine.Task;
import java.util.UUID;

/** A dataset's shape, for features that check work against it without loading its rows. */
public record DatasetInfo(UUID id, String name, Task task, int rows, int features, int targets, int classes) {
}
