package dev.backprop.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** The double species the vector kernels use, as {@link Simd} chose it. Loaded only with the Vector API. */
public final class SimdSpecies {

    public static final VectorSpecies<Double> DOUBLE = choose(System.getProperty(Simd.PROPERTY));

    private SimdSpecies() {
    }

    private static VectorSpecies<Double> choose(String bits) {
        if (bits == null || bits.isBlank() || bits.equals("preferred")) {
            return DoubleVector.SPECIES_PREFERRED;
        }
        return switch (bits.strip()) {
            case "128" -> DoubleVector.SPECIES_128;
            case "256" -> DoubleVector.SPECIES_256;
            case "512" -> DoubleVector.SPECIES_512;
            default -> throw new IllegalArgumentException(Simd.PROPERTY + " must be scalar, 128, 256 or 512, not "
                    + bits);
        };
    }
}
