package dev.backprop.engine;

/**
 * How weights start. Draws come from numpy's stream ({@link RandomState}) in row-major order, layer
 * after layer, so a seed reproduces a numpy script: {@code 2 * random((in, out)) - 1} as Trask with
 * seed 1, {@code randn(in, out) / sqrt(in)} as Britz with seed 0. Biases start at zero.
 */
public enum Initializer {

    /** Uniform in [-1, 1), as Trask. */
    UNIFORM,

    /** Standard normal over √fan_in, as Britz. */
    NORMAL_SCALED,

    /** Xavier/Glorot uniform: ±√(6 / (fan_in + fan_out)). */
    XAVIER,

    /** He normal: standard normal times √(2 / fan_in), for ReLU layers. */
    HE;

    void fill(double[] weights, int fanIn, int fanOut, RandomState random) {
        switch (this) {
            case UNIFORM -> {
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = 2.0 * random.nextDouble() - 1.0;
                }
            }
            case NORMAL_SCALED -> {
                double scale = Math.sqrt(fanIn);
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = random.nextGaussian() / scale;
                }
            }
            case XAVIER -> {
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = random.uniform(-limit, limit);
                }
            }
            case HE -> {
                double scale = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = random.nextGaussian() * scale;
                }
            }
        }
    }
}
