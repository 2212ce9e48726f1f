package dev.backprop.dataset;

import dev.backprop.engine.Task;
import java.util.List;
import java.util.UUID;

/**
 * A dataset's shape, for features that check work against it without loading its rows: its rows and
 * those that have their target, its feature columns with their kinds, and its targets and classes.
 */
public record DatasetInfo(UUID id, String name, Task task, int rows, int labelledRows, List<Feature> columns,
        int targets, int classes) {

    /** A feature column: its kind, how many levels it has (categories) and how many values are missing. */
    public record Feature(String name, ColumnKind kind, int levels, int missing) {
    }

    public DatasetInfo {
        columns = List.copyOf(columns);
    }

    /** How many feature columns. */
    public int features() {
        return columns.size();
    }
}
