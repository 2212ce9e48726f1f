package dev.backprop.training;

import dev.backprop.dataset.ColumnKind;
import dev.backprop.dataset.DatasetInfo;
import dev.backprop.engine.Preprocessing;
import dev.backprop.engine.Task;

/**
 * What a training spec must fit: the dataset's task, its rows that have their target, the network's
 * input width, its targets and classes; {@code exactInputs} is false where the width is an upper bound
 * (a category's level or a column's gaps found only among validation rows take no input).
 */
record DatasetShape(Task task, int rows, int features, int targets, int classes, boolean exactInputs) {

    /** The shape of a dataset for a new network with this preprocessing. */
    static DatasetShape of(DatasetInfo info, Preprocessing preprocessing) {
        int width = 0;
        boolean exact = true;
        for (DatasetInfo.Feature column : info.columns()) {
            if (column.kind() == ColumnKind.CATEGORY) {
                boolean missingInput = column.missing() > 0
                        && preprocessing.categoryMissing() == Preprocessing.CategoryMissing.LEVEL;
                width += column.levels() + (missingInput ? 1 : 0);
                exact = false;
            } else {
                boolean indicator = column.missing() > 0 && preprocessing.indicator();
                width += indicator ? 2 : 1;
                exact &= !indicator;
            }
        }
        return new DatasetShape(info.task(), info.labelledRows(), width, info.targets(), info.classes(), exact);
    }
}
