package dev.backprop.training;

import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A search's space: its ranges checked, and the trials drawn from it - every combination for a grid,
 * independent draws from the seed for a random search. Field paths are taken in the order of their
 * names, so the same request and seed give the same trials however its JSON was ordered.
 */
final class SearchSpace {

    /** model.* or training.*, a field and up to two more levels (training.optimizer.type). */
    private static final Pattern PATH = Pattern.compile("(model|training)(\\.[A-Za-z][A-Za-z0-9]*){1,3}");

    private final Map<String, SearchRequest.Range> ranges;
    private final JsonMapper json;

    private SearchSpace(Map<String, SearchRequest.Range> ranges, JsonMapper json) {
        this.ranges = ranges;
        this.json = json;
    }

    /** The space's ranges, checked; problems are added to {@code found}, and the space is null when there were any. */
    static SearchSpace of(Map<String, SearchRequest.Range> space, JsonMapper json, List<Violation> found) {
        int before = found.size();
        Map<String, SearchRequest.Range> sorted = new TreeMap<>();
        for (Map.Entry<String, SearchRequest.Range> entry : space.entrySet()) {
            String path = entry.getKey();
            String field = "space." + path;
            SearchRequest.Range range = entry.getValue();
            if (!PATH.matcher(path).matches()) {
                found.add(Violation.of(field, "must name a field as model.<field> or training.<field> (as in a training"
                        + " job's request), e.g. training.learningRate"));
                continue;
            }
            if (range == null) {
                continue;
            }
            int forms = (range.choice() != null ? 1 : 0) + (range.integers() != null ? 1 : 0)
                    + (range.floats() != null ? 1 : 0) + (range.logFloat() != null ? 1 : 0);
            if (forms != 1) {
                found.add(Violation.of(field, "give exactly one of choice, int, float or logFloat"));
                continue;
            }
            checkBounds(field, range, found);
            sorted.put(path, range);
        }
        for (String path : sorted.keySet()) {
            for (String other : sorted.keySet()) {
                if (other.startsWith(path + ".")) {
                    found.add(Violation.of("space." + other, "lies inside " + path + ", which is searched too"));
                }
            }
        }
        return found.size() > before ? null : new SearchSpace(sorted, json);
    }

    private static void checkBounds(String field, SearchRequest.Range range, List<Violation> found) {
        if (range.integers() != null && range.integers().size() == 2 && !range.integers().contains(null)) {
            long low = range.integers().get(0);
            long high = range.integers().get(1);
            if (low > high) {
                found.add(Violation.of(field + ".int", "low must not be above high"));
            } else if (low < Integer.MIN_VALUE || high > Integer.MAX_VALUE) {
                found.add(Violation.of(field + ".int", "must lie within 32-bit integers"));
            }
        }
        List<Double> bounds = range.floats() != null ? range.floats() : range.logFloat();
        String form = range.floats() != null ? ".float" : ".logFloat";
        if (bounds != null && bounds.size() == 2 && !bounds.contains(null)) {
            double low = bounds.get(0);
            double high = bounds.get(1);
            if (!Double.isFinite(low) || !Double.isFinite(high)) {
                found.add(Violation.of(field + form, "must be finite numbers"));
            } else if (low > high) {
                found.add(Violation.of(field + form, "low must not be above high"));
            } else if (range.logFloat() != null && low <= 0) {
                found.add(Violation.of(field + form, "low must be above 0 (it is drawn in the logarithm)"));
            }
        }
    }

    /** The field paths, in the order trials list them. */
    List<String> paths() {
        return List.copyOf(ranges.keySet());
    }

    /**
     * How many points the grid has, or -1 after adding a problem: a grid takes choice and int ranges
     * only, and at most {@link SearchRequest#MAX_TRIALS} points.
     */
    long gridSize(List<Violation> found) {
        // saturates one past the limit: every factor is at most that, so no product overflows
        long over = SearchRequest.MAX_TRIALS + 1;
        long size = 1;
        boolean ok = true;
        for (Map.Entry<String, SearchRequest.Range> entry : ranges.entrySet()) {
            SearchRequest.Range range = entry.getValue();
            long count;
            if (range.choice() != null) {
                count = range.choice().size();
            } else if (range.integers() != null) {
                count = Math.min(over, range.integers().get(1) - range.integers().get(0) + 1);
            } else {
                found.add(Violation.of("space." + entry.getKey(), "a GRID takes choice and int ranges; RANDOM draws"
                        + " from float and logFloat"));
                ok = false;
                continue;
            }
            size = Math.min(over, size * count);
        }
        if (!ok) {
            return -1;
        }
        if (size > SearchRequest.MAX_TRIALS) {
            found.add(Violation.of("space", "the grid has more than " + SearchRequest.MAX_TRIALS + " points; a search"
                    + " may run at most " + SearchRequest.MAX_TRIALS + " trials"));
            return -1;
        }
        return size;
    }

    /** Every point of the grid, the last path varying fastest. */
    List<Map<String, JsonNode>> grid() {
        List<String> paths = paths();
        List<List<JsonNode>> values = new ArrayList<>();
        for (String path : paths) {
            SearchRequest.Range range = ranges.get(path);
            List<JsonNode> axis = new ArrayList<>();
            if (range.choice() != null) {
                for (Object value : range.choice()) {
                    axis.add(json.valueToTree(value));
                }
            } else {
                for (long v = range.integers().get(0); v <= range.integers().get(1); v++) {
                    axis.add(json.getNodeFactory().numberNode(v));
                }
            }
            values.add(axis);
        }
        List<Map<String, JsonNode>> points = new ArrayList<>();
        int[] at = new int[paths.size()];
        while (true) {
            Map<String, JsonNode> point = new TreeMap<>();
            for (int d = 0; d < paths.size(); d++) {
                point.put(paths.get(d), values.get(d).get(at[d]));
            }
            points.add(point);
            int d = paths.size() - 1;
            while (d >= 0 && ++at[d] == values.get(d).size()) {
                at[d--] = 0;
            }
            if (d < 0) {
                return points;
            }
        }
    }

    /**
     * How many distinct points the space has when every range is a choice or an int range (saturating
     * one past {@link SearchRequest#MAX_TRIALS}), or -1 when a range is continuous.
     */
    long discreteSize() {
        long over = SearchRequest.MAX_TRIALS + 1;
        long size = 1;
        for (SearchRequest.Range range : ranges.values()) {
            if (range.choice() != null) {
                size = Math.min(over, size * range.choice().size());
            } else if (range.integers() != null) {
                size = Math.min(over, size * Math.min(over, range.integers().get(1) - range.integers().get(0) + 1));
            } else {
                return -1;
            }
        }
        return size;
    }

    /**
     * {@code count} distinct draws from {@code seed}: each path in turn, uniform over its range; a draw
     * that repeats an earlier one is drawn again (the same values with the same seed train the same bits).
     * A discrete space must have at least {@code count} points.
     */
    List<Map<String, JsonNode>> random(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, JsonNode>> points = new ArrayList<>();
        Set<Map<String, JsonNode>> seen = new HashSet<>();
        while (points.size() < count) {
            Map<String, JsonNode> point = new TreeMap<>();
            for (Map.Entry<String, SearchRequest.Range> entry : ranges.entrySet()) {
                point.put(entry.getKey(), draw(entry.getValue(), random));
            }
            if (seen.add(point)) {
                points.add(point);
            }
        }
        return points;
    }

    private JsonNode draw(SearchRequest.Range range, SplittableRandom random) {
        if (range.choice() != null) {
            return json.valueToTree(range.choice().get(random.nextInt(range.choice().size())));
        }
        if (range.integers() != null) {
            long low = range.integers().get(0);
            return json.getNodeFactory().numberNode(low + random.nextLong(range.integers().get(1) - low + 1));
        }
        if (range.floats() != null) {
            double low = range.floats().get(0);
            double high = range.floats().get(1);
            return json.getNodeFactory().numberNode(Math.min(high, low + (high - low) * random.nextDouble()));
        }
        double low = Math.log(range.logFloat().get(0));
        double high = Math.log(range.logFloat().get(1));
        return json.getNodeFactory().numberNode(Math.min(range.logFloat().get(1),
                Math.exp(low + (high - low) * random.nextDouble())));
    }

    /** {@code base} (model and training) with {@code values} put at their paths; objects on the way are made. */
    static ObjectNode apply(ObjectNode base, Map<String, JsonNode> values) {
        ObjectNode tree = base.deepCopy();
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            String[] parts = entry.getKey().split("\\.");
            ObjectNode at = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode next = at.get(parts[i]);
                at = next instanceof ObjectNode object ? object : at.putObject(parts[i]);
            }
            at.set(parts[parts.length - 1], entry.getValue());
        }
        return tree;
    }
}
