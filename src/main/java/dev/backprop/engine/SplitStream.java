package dev.backprop.engine;

/**
 * The random stream training draws from for shuffling and dropout: the same numbers as
 * {@link java.util.SplittableRandom} from the same seed (SplitMix64; its {@code nextInt(bound)},
 * {@code nextDouble()} and {@code split()}), with its position visible, so a checkpoint can record
 * where it stands and a resumed job draw on from there.
 */
public final class SplitStream {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long seed;
    private final long gamma;

    public SplitStream(long seed) {
        this(seed, GOLDEN_GAMMA);
    }

    private SplitStream(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** A stream at the position {@link #state()} reported. */
    public static SplitStream at(long[] state) {
        return new SplitStream(state[0], state[1]);
    }

    /** Where the stream stands: its seed and gamma. */
    public long[] state() {
        return new long[] {seed, gamma};
    }

    private long nextSeed() {
        return seed += gamma;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int n = Long.bitCount(z ^ (z >>> 1));
        return n < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }

    public long nextLong() {
        return mix64(nextSeed());
    }

    public int nextInt() {
        return mix32(nextSeed());
    }

    /** Uniform in [0, bound), drawn as the JDK's bounded nextInt draws it. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        int r = nextInt();
        int m = bound - 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
            // rejected: draw again
        }
        return r;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** A new stream, independent of this one, as {@link java.util.SplittableRandom#split()} makes it. */
    public SplitStream split() {
        return new SplitStream(nextLong(), mixGamma(nextSeed()));
    }
}
