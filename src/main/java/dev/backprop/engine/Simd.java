package dev.backprop.engine;

/**
 * Which vector width the engine's kernels use. The system property {@value #PROPERTY} forces one:
 * {@code scalar}, {@code 128}, {@code 256} or {@code 512} (bits); by default the CPU's preferred
 * width. Every kernel gives the same bits at every width, which the tests check by forcing each.
 * The property is read once, when the kernels are first used.
 */
public final class Simd {

    public static final String PROPERTY = "backprop.engine.simd";

    private Simd() {
    }

    /** Whether the Vector API is in use: its module is present and the scalar path was not forced. */
    public static boolean vectorized() {
        return !"scalar".equals(System.getProperty(PROPERTY))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
