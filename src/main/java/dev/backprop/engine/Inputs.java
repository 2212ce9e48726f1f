package dev.backprop.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a model makes of a raw row before its network sees it, learnt from the training split: each
 * number column is imputed where missing, optionally joined by a 0/1 input saying it was, and
 * standardized; each category column becomes one input per level seen in training (one-hot), plus one
 * for "missing" when training had gaps there. A raw row holds one value per column: a number (NaN
 * when missing), or for a category its level's index in {@link Category#levels()} (NaN when missing,
 * negative when the value is a level training never saw, which sets none of the column's inputs).
 *
 * @param standardized whether number columns are scaled to the training split's mean and population
 *     standard deviation (else they pass as they are)
 */
public record Inputs(List<Column> columns, boolean standardized) {

    /** The value an old model, fitted before imputation existed, has for a missing number: none. */
    public static final double NO_FILL = Double.NaN;

    /** The text that means a missing value when nothing else is said: R's, pandas' and SQL's markers. */
    public static final Set<String> MISSING_MARKERS = Set.of("NA", "N/A", "NaN", "null", "NULL");

    /**
     * A number as a category level, the one way every path writes it: an integer without a fraction
     * ({@code 2007}), else the shortest decimal that reads back ({@code 2.5}).
     */
    public static String levelText(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** One raw column and the inputs it becomes. */
    public sealed interface Column permits Number, Category {

        String name();

        /** How many network inputs the column becomes. */
        int width();
    }

    /**
     * A number column: {@code fill} replaces a missing value ({@link #NO_FILL} when the model cannot
     * impute), then {@code (x - mean) / std} when the inputs are standardized.
     */
    public record Number(String name, double fill, boolean indicator, double mean, double std) implements Column {

        public Number {
            if (!(std > 0) || !Double.isFinite(std) || !Double.isFinite(mean)) {
                throw new IllegalArgumentException("column '" + name + "': std must be positive and finite, mean finite");
            }
            if (Double.isInfinite(fill)) {
                throw new IllegalArgumentException("column '" + name + "': the fill must be finite");
            }
        }

        @Override
        public int width() {
            return indicator ? 2 : 1;
        }

        /** Whether a missing value can be filled. */
        public boolean imputes() {
            return !Double.isNaN(fill);
        }
    }

    /**
     * A category column: one input per level, but the last {@code rare} levels (rare in training) share
     * one; {@code missingInput} adds one for a missing value, else a missing value takes {@code fillLevel}
     * (or, when that is -1, sets no input, as an unseen level). The inputs are the kept levels', the
     * rare levels' shared one, then the missing value's.
     */
    public record Category(String name, List<String> levels, boolean missingInput, int fillLevel, int rare)
            implements Column {

        /** A category whose every level has an input of its own. */
        public Category(String name, List<String> levels, boolean missingInput, int fillLevel) {
            this(name, levels, missingInput, fillLevel, 0);
        }

        public Category {
            levels = List.copyOf(levels);
            if (levels.isEmpty()) {
                throw new IllegalArgumentException("column '" + name + "' has no levels");
            }
            if (rare < 0 || rare == 1 || rare >= levels.size()) {
                throw new IllegalArgumentException("column '" + name + "': " + rare + " rare levels of " + levels.size()
                        + " (none, or two or more, and a level of its own besides)");
            }
            if (fillLevel < -1 || fillLevel >= levels.size() - rare || (missingInput && fillLevel >= 0)) {
                throw new IllegalArgumentException("column '" + name + "': bad fill level " + fillLevel);
            }
        }

        /**
         * For each of {@code from}'s levels (another table's), its index among this column's levels, -1 for one
         * the model never saw: what turns that table's codes into the model's.
         */
        public double[] codesOf(List<String> from) {
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < levels.size(); k++) {
                index.put(levels.get(k), k);
            }
            double[] codes = new double[from.size()];
            for (int k = 0; k < codes.length; k++) {
                codes[k] = index.getOrDefault(from.get(k), -1);
            }
            return codes;
        }

        /** Levels with an input of their own: the first ones. */
        public int kept() {
            return levels.size() - rare;
        }

        /** The input of level {@code code} within the column's: its own, or the rare levels' shared one. */
        public int input(int code) {
            return Math.min(code, kept());
        }

        @Override
        public int width() {
            return kept() + (rare > 0 ? 1 : 0) + (missingInput ? 1 : 0);
        }
    }

    public Inputs {
        columns = List.copyOf(columns);
    }

    /** Number columns only, no imputation: what a model trained before column kinds existed has. */
    public static Inputs numbers(List<String> names, Standardizer standardizer) {
        List<Column> columns = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            columns.add(new Number(names.get(j), NO_FILL, false, standardizer == null ? 0 : standardizer.mean()[j],
                    standardizer == null ? 1 : standardizer.std()[j]));
        }
        return new Inputs(columns, standardizer != null);
    }

    /** The raw columns' names, in order. */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** How many network inputs a row becomes. */
    public int width() {
        int width = 0;
        for (Column column : columns) {
            width += column.width();
        }
        return width;
    }

    /** Whether every column is a number with no indicator: the inputs are the raw values, scaled or not. */
    public boolean numeric() {
        return columns.stream().allMatch(c -> c instanceof Number n && !n.indicator());
    }

    /**
     * The mean and standard deviation of each column when the inputs are numeric and standardized,
     * else null.
     */
    public Standardizer standardizer() {
        if (!standardized || !numeric()) {
            return null;
        }
        double[] mean = new double[columns.size()];
        double[] std = new double[columns.size()];
        for (int j = 0; j < mean.length; j++) {
            Number n = (Number) columns.get(j);
            mean[j] = n.mean();
            std[j] = n.std();
        }
        return new Standardizer(mean, std);
    }

    /** One name per network input: a number's own, {@code name=level} for a category's, {@code name=<missing>}. */
    public List<String> inputNames() {
        List<String> names = new ArrayList<>(width());
        for (Column column : columns) {
            switch (column) {
                case Number n -> {
                    names.add(n.name());
                    if (n.indicator()) {
                        names.add(n.name() + "=<missing>");
                    }
                }
                case Category c -> {
                    for (String level : c.levels().subList(0, c.kept())) {
                        names.add(c.name() + "=" + level);
                    }
                    if (c.rare() > 0) {
                        names.add(c.name() + "=<rare>");
                    }
                    if (c.missingInput()) {
                        names.add(c.name() + "=<missing>");
                    }
                }
            }
        }
        return names;
    }

    /**
     * Learns the inputs from the rows {@code index} of a raw table ({@code raw[r * cols + j]}, categories as
     * indexes into {@code levels.get(j)}; a null entry of {@code levels} marks a number column). A category
     * keeps the levels that occur in those rows, in the table's order; the table's codes map onto them
     * with {@link #recode}.
     */
    public static Inputs fit(double[] raw, int cols, int[] index, List<String> names, List<List<String>> levels,
            Preprocessing preprocessing, boolean standardize) {
        if (names.size() != cols || levels.size() != cols) {
            throw new IllegalArgumentException("expected " + cols + " names and level lists");
        }
        List<Column> columns = new ArrayList<>(cols);
        for (int j = 0; j < cols; j++) {
            columns.add(levels.get(j) == null
                    ? fitNumber(raw, cols, j, index, names.get(j), preprocessing, standardize)
                    : fitCategory(raw, cols, j, index, names.get(j), levels.get(j), preprocessing));
        }
        return new Inputs(columns, standardize);
    }

    private static Number fitNumber(double[] raw, int cols, int j, int[] index, String name, Preprocessing p,
            boolean standardize) {
        int present = 0;
        double sum = 0;
        for (int r : index) {
            double v = raw[r * cols + j];
            if (!Double.isNaN(v)) {
                present++;
                sum += v;
            }
        }
        double fill;
        if (p.imputation() == Preprocessing.Imputation.CONSTANT || present == 0) {
            fill = p.constant();
        } else if (p.imputation() == Preprocessing.Imputation.MEDIAN) {
            double[] values = new double[present];
            int k = 0;
            for (int r : index) {
                double v = raw[r * cols + j];
                if (!Double.isNaN(v)) {
                    values[k++] = v;
                }
            }
            Arrays.sort(values);
            fill = present % 2 == 1 ? values[present / 2] : (values[present / 2 - 1] + values[present / 2]) / 2;
        } else {
            fill = sum / present;
        }
        // mean and spread of the imputed column, as a scaler after an imputer sees it; Welford, in row order
        double mean = 0;
        double m2 = 0;
        int n = 0;
        for (int r : index) {
            double v = raw[r * cols + j];
            if (Double.isNaN(v)) {
                v = fill;
            }
            n++;
            double delta = v - mean;
            mean += delta / n;
            m2 += delta * (v - mean);
        }
        double s = Math.sqrt(m2 / Math.max(n, 1));
        double std = s > 1e-12 ? s : 1.0;
        return standardize
                ? new Number(name, fill, p.indicator() && present < index.length, mean, std)
                : new Number(name, fill, p.indicator() && present < index.length, 0, 1);
    }

    private static Category fitCategory(double[] raw, int cols, int j, int[] index, String name, List<String> levels,
            Preprocessing p) {
        int[] counts = new int[levels.size()];
        int missing = 0;
        for (int r : index) {
            double v = raw[r * cols + j];
            if (Double.isNaN(v)) {
                missing++;
            } else {
                counts[(int) v]++;
            }
        }
        List<String> kept = new ArrayList<>();
        List<String> rare = new ArrayList<>();
        int best = -1;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] > 0) {
                if (best < 0 || counts[k] > counts[best]) {
                    best = k;
                }
                (counts[k] < p.minLevelRows() ? rare : kept).add(levels.get(k));
            }
        }
        if (rare.size() == 1 || kept.isEmpty()) {
            kept.addAll(rare); // one rare level shares its input with nothing, and some level must stand alone
            rare.clear();
            kept.sort(Comparator.comparingInt(levels::indexOf));
        }
        if (kept.isEmpty()) {
            kept.add(levels.isEmpty() ? "" : levels.getFirst()); // every training value missing: one idle input
            best = 0;
        }
        boolean missingInput = missing > 0 && p.categoryMissing() == Preprocessing.CategoryMissing.LEVEL;
        int fillLevel = missing > 0 && p.categoryMissing() == Preprocessing.CategoryMissing.MOST_FREQUENT
                ? kept.indexOf(levels.get(best)) : -1;
        List<String> all = new ArrayList<>(kept);
        all.addAll(rare);
        return new Category(name, all, missingInput, fillLevel, rare.size());
    }

    /**
     * The rows of a raw table whose categories index {@code levels} (entries for number columns are
     * ignored), with each category recoded to an index into this model's levels: -1 for a level the
     * model never saw, NaN left as missing. Numbers are copied as they are.
     */
    public double[] recode(double[] raw, int rows, List<List<String>> levels) {
        int cols = columns.size();
        double[] out = Arrays.copyOf(raw, rows * cols);
        for (int j = 0; j < cols; j++) {
            if (!(columns.get(j) instanceof Category c)) {
                continue;
            }
            double[] map = c.codesOf(levels.get(j));
            for (int r = 0; r < rows; r++) {
                double v = out[r * cols + j];
                if (!Double.isNaN(v)) {
                    int code = (int) v;
                    out[r * cols + j] = code >= 0 && code < map.length ? map[code] : -1;
                }
            }
        }
        return out;
    }

    /** Whether the inputs are the raw values themselves: numbers, not scaled, and no gap among {@code rows} rows. */
    public boolean passThrough(double[] raw, int rows) {
        if (standardized || !numeric()) {
            return false;
        }
        for (int i = 0, n = rows * columns.size(); i < n; i++) {
            if (Double.isNaN(raw[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The network's inputs for {@code rows} raw rows in this model's codes; a missing number without a
     * fill stays NaN (callers refuse such rows first).
     */
    public Matrix encode(double[] raw, int rows) {
        int cols = columns.size();
        int width = width();
        Matrix x = new Matrix(rows, width);
        double[] out = x.data();
        int at = 0;
        for (int j = 0; j < cols; j++) {
            Column column = columns.get(j);
            if (column instanceof Number n) {
                boolean scale = standardized;
                double mean = n.mean();
                double std = n.std();
                for (int r = 0; r < rows; r++) {
                    double v = raw[r * cols + j];
                    boolean gap = Double.isNaN(v);
                    if (gap) {
                        v = n.fill();
                    }
                    out[r * width + at] = scale ? (v - mean) / std : v;
                    if (n.indicator() && gap) {
                        out[r * width + at + 1] = 1;
                    }
                }
            } else {
                Category c = (Category) column;
                int levels = c.levels().size();
                int missingAt = c.width() - 1;
                for (int r = 0; r < rows; r++) {
                    double v = raw[r * cols + j];
                    if (Double.isNaN(v)) {
                        if (c.missingInput()) {
                            out[r * width + at + missingAt] = 1;
                        } else if (c.fillLevel() >= 0) {
                            out[r * width + at + c.fillLevel()] = 1;
                        }
                    } else if (v >= 0 && v < levels) {
                        out[r * width + at + c.input((int) v)] = 1;
                    }
                }
            }
            at += column.width();
        }
        return x;
    }
}
