package dev.backprop.engine;

/**
 * A Mersenne Twister (MT19937) stream that draws exactly what numpy's legacy
 * {@code numpy.random.RandomState(seed)} draws: the same 32-bit words, doubles, Gaussians (polar
 * Box-Muller with its cached second value), bounded integers and shuffles. Seeding, data generators
 * and weight initialization go through it, so a seed here reproduces a numpy script's seed.
 *
 * <p>Not thread-safe: each training run or generator owns its own instance.
 */
public final class RandomState {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    /** The largest seed numpy's legacy seeding accepts. */
    public static final long MAX_SEED = 0xffffffffL;

    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /**
     * @param seed from 0 to {@link #MAX_SEED}, as {@code numpy.random.seed} requires
     * @throws IllegalArgumentException when the seed is out of range
     */
    public RandomState(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("seed must be between 0 and " + MAX_SEED + ", was " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            mt[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** The next raw 32-bit word, as an unsigned value in an int. */
    public int nextInt32() {
        if (pos == N) {
            regenerate();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void regenerate() {
        int i = 0;
        for (; i < N - M; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < N - 1; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    /** A double uniform in [0, 1) with 53 random bits ({@code random_sample}). */
    public double nextDouble() {
        long a = (nextInt32() >>> 5) & 0xffffffffL;
        long b = (nextInt32() >>> 6) & 0xffffffffL;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A double uniform in [low, high) ({@code uniform(low, high)}). */
    public double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** A standard normal draw ({@code randn}, {@code standard_normal}). */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** A normal draw with the given mean and standard deviation ({@code normal(loc, scale)}). */
    public double normal(double mean, double std) {
        return mean + std * nextGaussian();
    }

    /** An integer uniform in [0, max], by masked rejection as numpy's {@code random_interval}. */
    public int nextInterval(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        if (max == 0) {
            return 0;
        }
        int mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        int value;
        do {
            value = nextInt32() & mask;
        } while (Integer.compareUnsigned(value, max) > 0);
        return value;
    }

    /** Shuffles in place, drawing as {@code RandomState.shuffle} does on a 1-d array. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInterval(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** A permutation of 0..n-1 as {@code arange(n)} shuffled in place. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }
}
