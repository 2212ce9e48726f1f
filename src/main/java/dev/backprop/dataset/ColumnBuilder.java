package dev.backprop.dataset;

import dev.backprop.engine.Inputs;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one feature column cell by cell, as uploads give them (text from a CSV, numbers, text or null
 * from JSON), and decides what it is: declared, or inferred - a column whose present cells all read as
 * finite numbers is a {@link ColumnKind#NUMBER}, any other a {@link ColumnKind#CATEGORY}. A missing
 * cell (empty, a missing marker, JSON null) is NaN. Categories are stored as indexes into their levels,
 * ordered as class labels are (numerically when every level is an integer, else by text). What is wrong
 * is reported once per column, with a count and the first rows, never a problem per cell.
 */
final class ColumnBuilder {

    /** Rows quoted in a column's problem. */
    private static final int EXAMPLES = 5;

    private final String name;
    private final ColumnKind declared;
    private final int maxLevels;

    private final DoubleArrayBuilder values = new DoubleArrayBuilder(1024);
    private boolean category;
    private int missing;

    // categories: levels by first appearance, each row's code into them, and their counts
    private final Map<String, Integer> codes = new HashMap<>();
    private final List<String> levels = new ArrayList<>();
    private int[] counts = new int[16];
    private boolean tooManyLevels;

    // cells a declared number column cannot take, and cells of text too long for a level
    private int textCells;
    private final List<String> textExamples = new ArrayList<>();
    private int longCells;
    private long firstLongRow;

    ColumnBuilder(String name, ColumnKind declared, int maxLevels) {
        this.name = name;
        this.declared = declared;
        this.maxLevels = maxLevels;
        this.category = declared == ColumnKind.CATEGORY;
    }

    String name() {
        return name;
    }

    void addMissing() {
        missing++;
        values.add(Double.NaN);
    }

    /**
     * A cell as text: a number when it reads as a finite plain decimal and the column takes numbers. In a
     * column inferred to hold categories a number is a level in its one written form ({@code 1.50} and
     * {@code 1.5} alike), whether it came before the first text or after; a declared category keeps its
     * text as written.
     */
    void addText(String text, long row) {
        if (category && declared == null) {
            double v = CsvDatasetReader.parseOrNaN(text);
            if (Double.isFinite(v)) {
                addLevel(Inputs.levelText(v), row);
                return;
            }
        }
        if (!category) {
            double v = CsvDatasetReader.parseOrNaN(text);
            if (Double.isFinite(v)) {
                addNumber(v, text);
                return;
            }
            if (declared == ColumnKind.NUMBER) {
                textCells++;
                if (textExamples.size() < EXAMPLES) {
                    textExamples.add("row " + row + " '" + abbreviate(text) + "'");
                }
                values.add(Double.NaN);
                return;
            }
            becomeCategory();
        }
        addLevel(text, row);
    }

    /**
     * A cell that is text by type (a JSON string): a category's level, or a number only in a column
     * declared NUMBER.
     */
    void addString(String text, long row) {
        if (!category && declared != ColumnKind.NUMBER) {
            becomeCategory();
        }
        addText(text, row);
    }

    /** A cell that is a number already (JSON): a level's text when the column holds categories. */
    void addNumber(double value, String text) {
        if (category) {
            addLevel(text, -1);
            return;
        }
        values.add(value);
    }

    /**
     * Text among numbers: the column holds categories, and the numbers read so far become levels in their
     * shortest form ({@code 2007}, {@code 2.5}), so a numeric column pays nothing to keep their text.
     */
    private void becomeCategory() {
        category = true;
        double[] sofar = values.toArray();
        values.clear();
        for (double v : sofar) {
            if (Double.isNaN(v)) {
                values.add(Double.NaN);
            } else {
                addLevel(Inputs.levelText(v), -1);
            }
        }
    }

    private void addLevel(String text, long row) {
        if (text.length() > CsvDatasetReader.MAX_NAME) {
            if (longCells++ == 0) {
                firstLongRow = row;
            }
            values.add(Double.NaN);
            return;
        }
        if (tooManyLevels) {
            values.add(Double.NaN);
            return;
        }
        Integer code = codes.get(text);
        if (code == null) {
            if (levels.size() == maxLevels) {
                tooManyLevels = true;
                values.add(Double.NaN);
                return;
            }
            code = levels.size();
            codes.put(text, code);
            levels.add(text);
            if (code == counts.length) {
                counts = Arrays.copyOf(counts, counts.length * 2);
            }
        }
        counts[code]++;
        values.add(code);
    }

    /** The column as read, or the problems that keep it out of a dataset. */
    record Built(String name, ColumnKind kind, double[] values, List<String> levels, int[] levelCounts, int missing) {

    }

    /** The column, its codes in the levels' final order; null with {@code problems} filled when it cannot be kept. */
    Built build(List<Violation> problems) {
        int before = problems.size();
        if (textCells > 0) {
            problems.add(new Violation(name, "column '" + name + "' is declared NUMBER but holds text in " + textCells
                    + (textCells == 1 ? " row: " : " rows: ") + String.join(", ", textExamples)
                    + (textCells > textExamples.size() ? ", ..." : "")
                    + "; if a marker means a missing value, list it in missingValues", null, name));
        }
        if (tooManyLevels) {
            problems.add(new Violation(name, "column '" + name + "' has more than " + maxLevels
                    + " distinct values, too many for a category (backprop.datasets.max-levels): declare it IGNORE if"
                    + " it is an identifier or free text" + (declared == null ? ", or NUMBER if it should hold numbers"
                    + " (each cell that is not one is then listed)" : ""), null, name));
        }
        if (longCells > 0) {
            problems.add(new Violation(name, "column '" + name + "' holds " + longCells + " value"
                    + (longCells == 1 ? "" : "s") + " longer than " + CsvDatasetReader.MAX_NAME
                    + " characters, too long for a category" + (firstLongRow > 0 ? " (the first in row " + firstLongRow
                    + ")" : "") + "; declare it IGNORE if it is free text", null, name));
        }
        if (problems.size() > before) {
            return null;
        }
        double[] column = values.toArray();
        if (!category) {
            return new Built(name, ColumnKind.NUMBER, column, null, null, missing);
        }
        List<String> sorted = new ArrayList<>(levels);
        sorted.sort(LabelEncoder.order(sorted));
        double[] remap = new double[levels.size()];
        int[] sortedCounts = new int[levels.size()];
        for (int k = 0; k < sorted.size(); k++) {
            int first = codes.get(sorted.get(k));
            remap[first] = k;
            sortedCounts[k] = counts[first];
        }
        for (int r = 0; r < column.length; r++) {
            if (!Double.isNaN(column[r])) {
                column[r] = remap[(int) column[r]];
            }
        }
        return new Built(name, ColumnKind.CATEGORY, column, sorted, sortedCounts, missing);
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
