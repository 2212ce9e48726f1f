package dev.backprop.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

    /**
     * The loss at Britz's pass 19000 in each phase of the period-2 oscillation his moons network
     * (tanh 3, L2 0.01, rate 0.01) settles into: numpy lands in the first on an AVX-512 machine (the
     * reference's value) and in the second on an AVX2 one. Which one a run ends in depends on
     * last-bit rounding during the chaotic passes 1000 to 4000.
     */
    public static final double[] BRITZ_PHASES = {0.0707580, 0.0713158};

    /** Asserts that {@code loss} is one of {@link #BRITZ_PHASES} to 1e-6. */
    public static void assertBritzPhase(double loss) {
        assertThat(loss).as("loss at pass 19000").satisfiesAnyOf(
                l -> assertThat(l).isCloseTo(BRITZ_PHASES[0], within(1e-6)),
                l -> assertThat(l).isCloseTo(BRITZ_PHASES[1], within(1e-6)));
    }
}
