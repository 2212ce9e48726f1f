package dev.backprop.dataset;

import dev.backprop.engine.Inputs;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the upload paths share about feature columns: the declared kinds, the missing markers, the table. */
final class ColumnKinds {

    /** The cells that mean a missing value when an upload names none: R's, pandas' and SQL's. */
    static final Set<String> DEFAULT_MISSING = Inputs.MISSING_MARKERS;

    private ColumnKinds() {
    }

    /** The feature columns, row-major, with each one's levels (null for a number column). */
    record Features(List<String> names, double[] values, List<List<String>> levels) {
    }

    /** Each declared kind must name a feature column of the table. */
    static void check(Map<String, ColumnKind> kinds, List<String> columns, List<String> targets, String field,
            Violations violations) {
        for (String name : kinds.keySet()) {
            if (targets.contains(name)) {
                violations.add(field, "column '" + name + "' is a target; kinds are for feature columns");
            } else if (!columns.contains(name)) {
                violations.add(field, "column '" + name + "' is not among the columns " + columns);
            }
        }
    }

    /** The built columns, or every column's problems in {@code violations}. */
    static List<ColumnBuilder.Built> build(List<ColumnBuilder> builders, Violations violations) {
        List<Violation> problems = new ArrayList<>();
        List<ColumnBuilder.Built> built = new ArrayList<>(builders.size());
        for (ColumnBuilder builder : builders) {
            built.add(builder.build(problems));
        }
        problems.forEach(violations::add);
        return built;
    }

    static Features features(List<ColumnBuilder.Built> columns, int rows) {
        int width = columns.size();
        double[] values = new double[rows * width];
        List<String> names = new ArrayList<>(width);
        List<List<String>> levels = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            ColumnBuilder.Built column = columns.get(c);
            names.add(column.name());
            levels.add(column.levels());
            double[] v = column.values();
            for (int r = 0, i = c; r < rows; r++, i += width) {
                values[i] = v[r];
            }
        }
        return new Features(names, values, levels);
    }

    /** The markers a request names, or the default ones; an empty cell is always missing. */
    static Set<String> missingValues(List<String> given) {
        return given == null ? DEFAULT_MISSING : Set.copyOf(given.stream().filter(s -> !s.isEmpty()).toList());
    }

    /** A copy that allows nulls, for the levels of number columns. */
    static List<List<String>> copy(List<List<String>> levels) {
        return Arrays.asList(levels.toArray(List[]::new));
    }
}
