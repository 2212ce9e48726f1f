package dev.backprop.dataset;

import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.PayloadTooLargeException;
import dev.backprop.system.Text;
import dev.backprop.system.Violation;
import java.io.FilterReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a CSV upload with a header row into a table, streaming. The target columns are chosen by name
 * (default: the last column); every other column is a feature whose kind is declared or inferred
 * ({@link ColumnBuilder}): numbers, categories, or ignored. An empty cell and a missing marker are
 * missing values; a row without its target is kept and counted, and trains nothing. A problem is
 * reported with its data row (1 = the first row after the header) and column, or once per column.
 */
final class CsvDatasetReader {

    private final DatasetProperties limits;

    CsvDatasetReader(DatasetProperties limits) {
        this.limits = limits;
    }

    /**
     * @param targetColumns names of the target columns; empty means the last column
     * @param task the task, or null to infer it from the target values
     * @param kinds declared kinds of feature columns by name; the others are inferred
     * @param missingValues the cells that mean a missing value, besides an empty one
     */
    ReadTable read(Reader input, List<String> targetColumns, Task task, char delimiter, Map<String, ColumnKind> kinds,
            Set<String> missingValues) {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
                .setAllowMissingColumnNames(false)
                .get();
        try (CSVParser parser = CSVParser.builder().setReader(new NoControlCharacters(skipByteOrderMark(input))).setFormat(format).get()) {
            return read(parser, targetColumns, task, kinds, missingValues);
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidRequestException("file", "the CSV cannot be parsed: " + message(e));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidRequestException("file", "the CSV header is invalid: " + message(e));
        }
    }

    private ReadTable read(CSVParser parser, List<String> targetColumns, Task task, Map<String, ColumnKind> kinds,
            Set<String> missingValues) {
        List<String> header = parser.getHeaderNames().stream().map(CsvCells::unescape).toList();
        if (header.isEmpty()) {
            throw new InvalidRequestException("file", "the CSV is empty; it needs a header row naming its columns");
        }
        for (int c = 0; c < header.size(); c++) {
            if (header.get(c).length() > MAX_NAME) {
                throw new InvalidRequestException("file", "column " + (c + 1) + " of the header is "
                        + header.get(c).length() + " characters long; column names are at most " + MAX_NAME);
            }
        }
        List<String> targets = targetColumns == null || targetColumns.isEmpty()
                ? List.of(header.getLast()) : targetColumns;
        Violations violations = new Violations();
        int[] targetIndex = new int[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            targetIndex[t] = header.indexOf(targets.get(t));
            if (targetIndex[t] < 0) {
                violations.add("target", "column '" + targets.get(t) + "' is not in the header " + header);
            }
        }
        if (targets.size() > 1 && task == Task.CLASSIFICATION) {
            violations.add("target", "classification takes exactly one target column, got " + targets.size());
        }
        ColumnKinds.check(kinds, header, targets, "kind", violations);
        violations.throwIfAny();

        List<String> ignored = new ArrayList<>();
        List<Integer> featureIndexList = new ArrayList<>();
        List<ColumnBuilder> builders = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (targets.contains(name)) {
                continue;
            }
            if (kinds.get(name) == ColumnKind.IGNORE) {
                ignored.add(name);
                continue;
            }
            featureIndexList.add(c);
            builders.add(new ColumnBuilder(name, kinds.get(name), limits.maxLevels()));
        }
        if (builders.isEmpty()) {
            throw new InvalidRequestException("file", "the CSV has no feature columns besides the target " + targets
                    + (ignored.isEmpty() ? "" : " and the ignored " + ignored) + delimiterHint(header));
        }
        if (builders.size() > limits.maxFeatures()) {
            throw new InvalidRequestException("file", "the CSV has " + builders.size()
                    + " feature columns; at most " + limits.maxFeatures() + " are allowed");
        }
        int[] featureIndex = featureIndexList.stream().mapToInt(Integer::intValue).toArray();
        int width = featureIndex.length;
        long valuesPerRow = width + targets.size();

        boolean regressionOnly = targets.size() > 1 || task == Task.REGRESSION;
        boolean classificationOnly = task == Task.CLASSIFICATION;
        DoubleArrayBuilder numericTargets = new DoubleArrayBuilder(1024 * targets.size());
        LabelEncoder labels = new LabelEncoder();
        boolean allNumeric = !classificationOnly;
        boolean allIntegral = true;
        boolean tooManyLabels = false;
        String firstNonNumeric = null;

        int rows = 0;
        for (CSVRecord record : parser) {
            rows++;
            if (rows > limits.maxRows()) {
                throw new PayloadTooLargeException("The CSV has more than " + limits.maxRows() + " rows, the configured limit");
            }
            if (rows * valuesPerRow > limits.maxValues()) {
                throw new PayloadTooLargeException("The CSV holds more than " + limits.maxValues()
                        + " values (rows x columns), the configured limit");
            }
            if (record.size() != header.size()) {
                violations.add(new Violation("row " + rows, "has " + record.size() + " fields, expected "
                        + header.size() + " as in the header (line " + parser.getCurrentLineNumber() + ")",
                        (long) rows, null));
                continue;
            }
            if (!violations.isEmpty()) {
                continue; // counting the rows that are wrong; what the others hold no longer matters
            }
            for (int c = 0; c < width; c++) {
                String cell = record.get(featureIndex[c]);
                if (cell.isEmpty() || missingValues.contains(cell)) {
                    builders.get(c).addMissing();
                } else {
                    builders.get(c).addText(CsvCells.unescape(cell), rows);
                }
            }
            if (regressionOnly) {
                for (int t = 0; t < targetIndex.length; t++) {
                    String cell = record.get(targetIndex[t]);
                    numericTargets.add(cell.isEmpty() || missingValues.contains(cell) ? Double.NaN
                            : parse(cell, rows, targets.get(t), violations));
                }
                continue;
            }
            String raw = CsvCells.unescape(record.get(targetIndex[0]));
            if (raw.isEmpty() || missingValues.contains(raw)) {
                labels.addMissing();
                numericTargets.add(Double.NaN);
                continue;
            }
            if (raw.length() > MAX_NAME) {
                violations.add(Violation.atCell(rows, targets.getFirst(), "a class label must be at most " + MAX_NAME + " characters"));
            }
            if (allNumeric) {
                double value = parseOrNaN(raw);
                if (Double.isFinite(value)) {
                    numericTargets.add(value);
                    allIntegral &= LabelEncoder.isInteger(raw);
                } else {
                    allNumeric = false;
                    firstNonNumeric = raw;
                }
            }
            if (!tooManyLabels) {
                tooManyLabels = labels.add(raw) > limits.maxClasses();
            }
            if (tooManyLabels && !allNumeric) {
                violations.add("target", "column '" + targets.getFirst() + "' has more than " + limits.maxClasses()
                        + " distinct labels, the configured limit for classes");
                break;
            }
        }
        if (rows == 0) {
            violations.add("file", "the CSV has a header but no data rows");
        }
        violations.throwIfAny();
        List<ColumnBuilder.Built> columns = ColumnKinds.build(builders, violations);
        violations.throwIfAny();
        ColumnKinds.Features features = ColumnKinds.features(columns, rows);

        if (regressionOnly || (task == null && allNumeric && (!allIntegral || tooManyLabels))) {
            return new ReadTable(new TrainingData(Task.REGRESSION, rows, features.names(), targets, List.of(),
                    features.values(), numericTargets.toArray(), features.levels()), ignored);
        }
        if (tooManyLabels) {
            throw new InvalidRequestException("target", "column '" + targets.getFirst() + "' has more than "
                    + limits.maxClasses() + " distinct labels, the configured limit for classes"
                    + (firstNonNumeric == null ? "; send task=REGRESSION for a numeric target" : ""));
        }
        return new ReadTable(new TrainingData(Task.CLASSIFICATION, rows, features.names(), targets,
                labels.labels(), features.values(), labels.encodedRows(), features.levels()), ignored);
    }

    private static double parse(String raw, int row, String column, Violations violations) {
        double value = parseOrNaN(raw);
        if (Double.isNaN(value)) {
            violations.add(Violation.atCell(row, column, "'" + abbreviate(raw) + "' is not a number"));
        } else if (Double.isInfinite(value)) {
            violations.add(Violation.atCell(row, column, "'" + abbreviate(raw) + "' is not a finite number"));
        }
        return value;
    }

    /** Parses a plain decimal number; NaN for anything else, including Java's "NaN", "1d" or hex forms. */
    static double parseOrNaN(String raw) {
        char last = raw.charAt(raw.length() - 1);
        if (!(last >= '0' && last <= '9') && last != '.') {
            return Double.NaN;
        }
        if (raw.indexOf('x') >= 0 || raw.indexOf('X') >= 0) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A one-column header that contains a common delimiter was most likely split on the wrong one. */
    private static String delimiterHint(List<String> header) {
        if (header.size() == 1) {
            for (char candidate : new char[] {';', '\t', '|', ','}) {
                if (header.getFirst().indexOf(candidate) >= 0) {
                    return "; is the delimiter '" + (candidate == '\t' ? "\\t" : candidate)
                            + "'? Set the delimiter parameter";
                }
            }
        }
        return "";
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }

    private static Reader skipByteOrderMark(Reader input) throws IOException {
        PushbackReader reader = new PushbackReader(input, 1);
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }

    /**
     * Refuses a control character anywhere in the CSV but the tab and line breaks: a NUL or an escape
     * in a number, a label or a column name is a 400 naming its line, not trimmed away unseen.
     */
    /** Column names and class labels: as long as the database's name columns. */
    static final int MAX_NAME = 200;

    private static final class NoControlCharacters extends FilterReader {
        private long line = 1;

        NoControlCharacters(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                check((char) c);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            for (int i = offset; i < offset + n; i++) {
                check(buffer[i]);
            }
            return n;
        }

        private void check(char c) {
            if (c == '\n') {
                line++;
            } else if (c != '\r' && c != '\t' && Text.isControl(c)) {
                throw new InvalidRequestException("file", "line " + line + " holds the control character U+"
                        + String.format("%04X", (int) c) + "; names, labels and numbers must not hold control characters");
            }
        }
    }

    private static String message(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        return cause.getMessage() == null ? "unreadable input" : cause.getMessage();
    }
}
