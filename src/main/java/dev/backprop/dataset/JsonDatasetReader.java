package dev.backprop.dataset;

import dev.backprop.engine.Inputs;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainingData;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.PayloadTooLargeException;
import dev.backprop.system.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Turns an inline JSON dataset into a table, or a 400 that lists every problem found. */
final class JsonDatasetReader {

    private final DatasetProperties limits;

    JsonDatasetReader(DatasetProperties limits) {
        this.limits = limits;
    }

    ReadTable read(CreateDatasetRequest request) {
        Violations violations = new Violations();
        JsonNode rows = request.features();
        JsonNode targets = request.targets();
        if (rows == null || rows.isNull() || (rows.isArray() && rows.isEmpty())) {
            violations.add("features", "must hold at least one row");
        } else if (!rows.isArray()) {
            violations.add("features", "must be an array with one array of values per row");
        }
        if (targets == null || targets.isNull()) {
            violations.add("targets", "is required");
        } else if (!targets.isArray()) {
            violations.add("targets", "must be an array with one entry per row");
        }
        violations.throwIfAny();
        if (rows.size() > limits.maxRows()) {
            throw new PayloadTooLargeException(
                    "The dataset has " + rows.size() + " rows; at most " + limits.maxRows() + " are allowed");
        }
        if (targets.size() != rows.size()) {
            violations.add("targets", "has " + targets.size() + " entries but features has " + rows.size() + " rows");
        }

        int width = rows.get(0).isArray() ? rows.get(0).size() : 0;
        if (request.featureNames() != null && !request.featureNames().isEmpty()) {
            width = request.featureNames().size();
        }
        if (width == 0) {
            violations.add("features[0]", "must hold at least one value");
        } else if (width > limits.maxFeatures()) {
            violations.add("features[0]", "has " + width + " values; at most " + limits.maxFeatures() + " features are allowed");
        }
        violations.throwIfAny();
        List<String> allNames = names(request.featureNames(), width, "x", "featureNames", violations);
        Map<String, ColumnKind> kinds = request.columnKinds() == null ? Map.of() : request.columnKinds();
        ColumnKinds.check(kinds, allNames, List.of(), "columnKinds", violations);
        violations.throwIfAny();
        Set<String> missing = ColumnKinds.missingValues(request.missingValues());
        List<ColumnBuilder> builders = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            ColumnKind kind = kinds.get(allNames.get(c));
            if (kind == ColumnKind.IGNORE) {
                ignored.add(allNames.get(c));
            } else {
                builders.add(new ColumnBuilder(allNames.get(c), kind, limits.maxLevels()));
                kept.add(c);
            }
        }
        if (builders.isEmpty()) {
            throw new InvalidRequestException("columnKinds", "every feature column is ignored; a dataset needs one");
        }
        for (int r = 0; r < rows.size(); r++) {
            JsonNode row = rows.get(r);
            if (!row.isArray()) {
                violations.add("features[" + r + "]", "must be an array of values");
                continue;
            }
            if (row.size() != width) {
                violations.add("features[" + r + "]", "has " + row.size() + " values, expected " + width);
                continue;
            }
            for (int k = 0; k < builders.size(); k++) {
                int c = kept.get(k);
                cell(row.get(c), builders.get(k), r, "features[" + r + "][" + c + "]", missing, violations);
            }
        }
        // the rows' problems and the targets' are listed together; the table is built only from valid rows
        ColumnKinds.Features features = null;
        if (violations.isEmpty()) {
            List<ColumnBuilder.Built> columns = ColumnKinds.build(builders, violations);
            features = violations.isEmpty() ? ColumnKinds.features(columns, rows.size()) : null;
        }

        Task task = request.task() != null ? request.task() : inferTask(targets, missing);
        TrainingData table = task == Task.CLASSIFICATION
                ? classification(request, targets, features, allNames, missing, violations)
                : regression(request, targets, features, allNames, missing, violations);
        violations.throwIfAny();
        return new ReadTable(table, ignored);
    }

    /** One feature cell: null or a missing marker is missing, a number a number, a string text. */
    private static void cell(JsonNode value, ColumnBuilder column, int row, String field, Set<String> missing,
            Violations violations) {
        if (value == null || value.isNull()) {
            column.addMissing();
        } else if (value.isNumber()) {
            double v = value.doubleValue();
            if (!Double.isFinite(v)) {
                violations.add(field, "must be a finite number");
                column.addMissing();
            } else {
                column.addNumber(v, Inputs.levelText(v));
            }
        } else if (value.isString()) {
            String text = value.asString();
            if (Text.hasControl(text)) {
                violations.add(field, Text.NO_CONTROL_MESSAGE);
                column.addMissing();
            } else if (text.isEmpty() || missing.contains(text)) {
                column.addMissing();
            } else {
                column.addString(text, row + 1);
            }
        } else {
            violations.add(field, "must be a number, a string or null, not " + kind(value));
            column.addMissing();
        }
    }

    private static Task inferTask(JsonNode targets, Set<String> missing) {
        boolean anyArray = false;
        boolean anyText = false;
        boolean anyFraction = false;
        for (JsonNode t : targets) {
            if (t.isNull() || (t.isString() && missing.contains(t.asString()))) {
                continue;
            }
            anyArray |= t.isArray();
            anyText |= t.isString() || t.isBoolean();
            anyFraction |= t.isNumber() && !isIntegral(t);
        }
        if (anyArray) {
            return Task.REGRESSION;
        }
        if (anyText) {
            return Task.CLASSIFICATION;
        }
        return anyFraction ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    private TrainingData classification(CreateDatasetRequest request, JsonNode targets, ColumnKinds.Features features,
            List<String> allNames, Set<String> missing, Violations violations) {
        LabelEncoder encoder = new LabelEncoder();
        int i = 0;
        for (JsonNode t : targets) {
            String field = "targets[" + i++ + "]";
            if (t.isNull() || (t.isString() && missing.contains(t.asString()))) {
                encoder.addMissing();
            } else if (t.isString()) {
                String label = t.asString();
                if (label.isBlank() || label.length() > 200) {
                    violations.add(field, "a class label must be 1 to 200 characters");
                    continue;
                }
                if (Text.hasControl(label)) {
                    violations.add(field, Text.NO_CONTROL_MESSAGE);
                    continue;
                }
                encoder.add(label);
            } else if (t.isNumber() && isIntegral(t)) {
                encoder.add(t.bigIntegerValue().toString());
            } else if (t.isNumber()) {
                violations.add(field, t.asString() + " is not a class label; classification takes strings or integers"
                        + " (set task to REGRESSION for numeric targets)");
            } else {
                violations.add(field, "a classification target must be a string or an integer, not "
                        + kind(t));
            }
        }
        if (encoder.distinct() > limits.maxClasses()) {
            violations.add("targets", "has " + encoder.distinct() + " distinct labels; at most " + limits.maxClasses()
                    + " classes are allowed (set task to REGRESSION for numeric targets)");
        }
        List<String> targetNames = names(request.targetNames(), 1, "label", "targetNames", violations);
        checkUnique(allNames, targetNames, violations);
        if (!violations.isEmpty()) {
            return null;
        }
        return new TrainingData(Task.CLASSIFICATION, targets.size(), features.names(), targetNames, encoder.labels(),
                features.values(), encoder.encodedRows(), features.levels());
    }

    private TrainingData regression(CreateDatasetRequest request, JsonNode targets, ColumnKinds.Features features,
            List<String> allNames, Set<String> missing, Violations violations) {
        JsonNode first = targets.isEmpty() ? null : targets.get(0);
        int count = first != null && first.isArray() ? first.size() : 1;
        if (count == 0 || count > limits.maxFeatures()) {
            violations.add("targets[0]", "must hold 1 to " + limits.maxFeatures() + " numbers");
            return null;
        }
        double[] values = new double[targets.size() * count];
        int r = 0;
        for (JsonNode t : targets) {
            String field = "targets[" + r + "]";
            if (t.isArray()) {
                if (t.size() != count) {
                    violations.add(field, "has " + t.size() + " values, expected " + count);
                }
                for (int k = 0; k < Math.min(count, t.size()); k++) {
                    values[r * count + k] = number(t.get(k), field + "[" + k + "]", missing, violations);
                }
            } else if (count == 1) {
                values[r] = number(t, field, missing, violations);
            } else {
                violations.add(field, "must be an array of " + count + " numbers");
            }
            r++;
        }
        List<String> defaultTargets = count == 1 ? List.of("y") : numbered("y", count);
        List<String> targetNames = request.targetNames() == null || request.targetNames().isEmpty()
                ? defaultTargets : names(request.targetNames(), count, "y", "targetNames", violations);
        checkUnique(allNames, targetNames, violations);
        if (!violations.isEmpty()) {
            return null;
        }
        return new TrainingData(Task.REGRESSION, targets.size(), features.names(), targetNames, List.of(),
                features.values(), values, features.levels());
    }

    private static double number(JsonNode node, String field, Set<String> missing, Violations violations) {
        if (node.isNull() || (node.isString() && missing.contains(node.asString()))) {
            return Double.NaN;
        }
        if (!node.isNumber()) {
            violations.add(field, "a regression target must be a number, not " + kind(node));
            return 0;
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            violations.add(field, "must be a finite number");
        }
        return value;
    }

    static List<String> names(List<String> given, int count, String prefix, String field, Violations violations) {
        if (given == null || given.isEmpty()) {
            return count == 1 && prefix.equals("label") ? List.of("label") : numbered(prefix, count);
        }
        if (given.size() != count) {
            violations.add(field, "has " + given.size() + " names but there are " + count + " columns");
        }
        return given;
    }

    static void checkUnique(List<String> featureNames, List<String> targetNames, Violations violations) {
        Set<String> seen = new HashSet<>();
        for (String name : featureNames) {
            if (!seen.add(name)) {
                violations.add("featureNames", "names '" + name + "' twice; column names must be unique");
            }
        }
        for (String name : targetNames) {
            if (!seen.add(name)) {
                violations.add("targetNames", "name '" + name + "' is already used; column names must be unique");
            }
        }
    }

    static List<String> numbered(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    private static boolean isIntegral(JsonNode t) {
        return t.isIntegralNumber() || (t.isNumber() && t.doubleValue() == Math.rint(t.doubleValue())
                && Math.abs(t.doubleValue()) < 1e15);
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isString() ? "a string" : "a number";
    }
}
