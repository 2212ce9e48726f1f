package dev.backprop.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The numbers the seed articles' networks produce, from {@code reference/seeds_reference.json} in the
 * test resources (made by {@code seeds_reference.py} beside it): inputs, initial weights, outputs and
 * loss traces.
 */
public final class SeedsReference {

    private static final JsonNode ROOT = load();

    private SeedsReference() {
    }

    private static JsonNode load() {
        try (InputStream in = SeedsReference.class.getResourceAsStream("/reference/seeds_reference.json")) {
            if (in == null) {
                throw new IllegalStateException("reference/seeds_reference.json is missing from the test resources");
            }
            return new JsonMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One seed's entry: trask2, trask3, harper or britz. */
    public static JsonNode seed(String name) {
        JsonNode seed = ROOT.get(name);
        if (seed == null) {
            throw new IllegalArgumentException("no seed " + name + " in the reference");
        }
        return seed;
    }

    /** A JSON array of arrays of numbers as rows. */
    public static double[][] matrix(JsonNode rows) {
        double[][] out = new double[rows.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = doubles(rows.get(r));
        }
        return out;
    }

    /** A JSON array of numbers. */
    public static double[] doubles(JsonNode values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).doubleValue();
        }
        return out;
    }
}
