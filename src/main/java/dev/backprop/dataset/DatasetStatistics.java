package dev.backprop.dataset;

import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-column kind, missing count, and over the present values min, max, mean and population standard
 * deviation (numbers) or the level counts (categories); class counts over the rows that have a label.
 */
final class DatasetStatistics {

    private DatasetStatistics() {
    }

    static List<DatasetColumn> columns(ReadTable read) {
        TrainingData table = read.data();
        List<DatasetColumn> columns = new ArrayList<>();
        for (int c = 0; c < table.featureCount(); c++) {
            String name = table.featureNames().get(c);
            columns.add(table.categorical(c)
                    ? new DatasetColumn(DatasetColumn.Role.FEATURE, name, ColumnKind.CATEGORY,
                            missing(table.features(), c, table.featureCount(), table.rows()), null, null, null, null)
                    : number(DatasetColumn.Role.FEATURE, ColumnKind.NUMBER, name, table.features(), c,
                            table.featureCount(), table.rows()));
        }
        for (int t = 0; t < table.targetCount(); t++) {
            String name = table.targetNames().get(t);
            columns.add(table.task() == Task.REGRESSION
                    ? number(DatasetColumn.Role.TARGET, null, name, table.targets(), t, table.targetCount(), table.rows())
                    : new DatasetColumn(DatasetColumn.Role.TARGET, name, null,
                            missing(table.targets(), t, table.targetCount(), table.rows()), null, null, null, null));
        }
        for (String name : read.ignored()) {
            columns.add(new DatasetColumn(DatasetColumn.Role.IGNORED, name, null, 0, null, null, null, null));
        }
        return columns;
    }

    static List<DatasetClass> classes(TrainingData table) {
        int[] counts = new int[table.labels().size()];
        for (int r = 0; r < table.rows(); r++) {
            double v = table.targets()[r];
            if (!Double.isNaN(v)) {
                counts[(int) v]++;
            }
        }
        List<DatasetClass> classes = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            classes.add(new DatasetClass(table.labels().get(k), counts[k]));
        }
        return classes;
    }

    /** Every category column's levels in index order, with how many rows hold each. */
    static List<DatasetLevel> levels(TrainingData table) {
        List<DatasetLevel> levels = new ArrayList<>();
        int width = table.featureCount();
        for (int c = 0; c < width; c++) {
            if (!table.categorical(c)) {
                continue;
            }
            int[] counts = new int[table.levels().get(c).size()];
            for (int r = 0, i = c; r < table.rows(); r++, i += width) {
                double v = table.features()[i];
                if (!Double.isNaN(v)) {
                    counts[(int) v]++;
                }
            }
            for (int k = 0; k < counts.length; k++) {
                levels.add(new DatasetLevel(c, table.levels().get(c).get(k), counts[k]));
            }
        }
        return levels;
    }

    /** Rows that have every target. */
    static int labelledRows(TrainingData table) {
        int labelled = 0;
        for (int r = 0; r < table.rows(); r++) {
            if (table.hasTarget(r)) {
                labelled++;
            }
        }
        return labelled;
    }

    private static int missing(double[] values, int column, int stride, int rows) {
        int missing = 0;
        for (int r = 0, i = column; r < rows; r++, i += stride) {
            if (Double.isNaN(values[i])) {
                missing++;
            }
        }
        return missing;
    }

    /** Welford's update keeps the variance accurate where sum-of-squares would cancel. */
    private static DatasetColumn number(DatasetColumn.Role role, ColumnKind kind, String name, double[] values,
            int column, int stride, int rows) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        int n = 0;
        for (int r = 0, i = column; r < rows; r++, i += stride) {
            double v = values[i];
            if (Double.isNaN(v)) {
                continue;
            }
            n++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            double delta = v - mean;
            mean += delta / n;
            m2 += delta * (v - mean);
        }
        return n == 0 ? new DatasetColumn(role, name, kind, rows, null, null, null, null)
                : new DatasetColumn(role, name, kind, rows - n, min, max, mean, Math.sqrt(m2 / n),
                        role == DatasetColumn.Role.FEATURE && distinctIntegers(values, column, stride, rows, n));
    }

    /** Whether the column's {@code present} values are integers that all differ, as row numbers or ids do. */
    private static boolean distinctIntegers(double[] values, int column, int stride, int rows, int present) {
        if (present < 2) {
            return false;
        }
        double[] sorted = new double[present];
        int k = 0;
        for (int r = 0, i = column; r < rows; r++, i += stride) {
            double v = values[i];
            if (!Double.isNaN(v)) {
                if (v != Math.rint(v)) {
                    return false; // measurements: most differ, and say nothing of identity
                }
                sorted[k++] = v;
            }
        }
        Arrays.sort(sorted);
        for (int i = 1; i < present; i++) {
            if (sorted[i] == sorted[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
