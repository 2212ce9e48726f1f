package dev.backprop.dataset;

import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import java.util.ArrayList;
import java.util.List;

/** Per-column min, max, mean and population standard deviation, and class counts, in one pass each. */
final class DatasetStatistics {

    private DatasetStatistics() {
    }

    static List<DatasetColumn> columns(TrainingData table) {
        List<DatasetColumn> columns = new ArrayList<>();
        for (int c = 0; c < table.featureCount(); c++) {
            columns.add(column(DatasetColumn.Role.FEATURE, table.featureNames().get(c), table.features(), c,
                    table.featureCount(), table.rows()));
        }
        for (int t = 0; t < table.targetCount(); t++) {
            String name = table.targetNames().get(t);
            columns.add(table.task() == Task.REGRESSION
                    ? column(DatasetColumn.Role.TARGET, name, table.targets(), t, table.targetCount(), table.rows())
                    : new DatasetColumn(DatasetColumn.Role.TARGET, name, null, null, null, null));
        }
        return columns;
    }

    static List<DatasetClass> classes(TrainingData table) {
        int[] counts = new int[table.labels().size()];
        for (int r = 0; r < table.rows(); r++) {
            counts[(int) table.targets()[r]]++;
        }
        List<DatasetClass> classes = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            classes.add(new DatasetClass(table.labels().get(k), counts[k]));
        }
        return classes;
    }

    /** Welford's update keeps the variance accurate where sum-of-squares would cancel. */
    private static DatasetColumn column(DatasetColumn.Role role, String name, double[] values, int column, int stride,
            int rows) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        for (int r = 0, i = column; r < rows; r++, i += stride) {
            double v = values[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            double delta = v - mean;
            mean += delta / (r + 1);
            m2 += delta * (v - mean);
        }
        return new DatasetColumn(role, name, min, max, mean, Math.sqrt(m2 / rows));
    }
}
