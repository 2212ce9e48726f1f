package dev.backprop.engine;

/**
 * {@link Transcendentals} over ranges of an array, in place: vectorized when the Vector API is in
 * use (see {@link Simd}), else one value at a time. Both give the same bits.
 */
interface ArrayMath {

    void exp(double[] a, int from, int to);

    void log(double[] a, int from, int to);

    void tanh(double[] a, int from, int to);

    /** 1 / (1 + e^-x). */
    void sigmoid(double[] a, int from, int to);

    /**
     * The softmax of each pair {@code (a[i], a[i + 1])} for even offsets {@code i} from {@code from}
     * (even) to {@code to}: {@code m = max(a[i], a[i + 1])}, both less m, exp, then each times
     * {@code 1 / (a[i] + a[i + 1])}; two-class outputs, row after row.
     */
    default void softmaxPairs(double[] a, int from, int to) {
        for (int i = from; i < to; i += 2) {
            double max = Math.max(a[i], a[i + 1]);
            a[i] -= max;
            a[i + 1] -= max;
        }
        exp(a, from, to);
        for (int i = from; i < to; i += 2) {
            double inv = 1.0 / (a[i] + a[i + 1]);
            a[i] *= inv;
            a[i + 1] *= inv;
        }
    }

    String describe();

    /** The implementation this JVM runs. */
    ArrayMath BEST = best();

    private static ArrayMath best() {
        if (Simd.vectorized()) {
            try {
                return (ArrayMath) Class.forName("dev.backprop.engine.VectorTranscendentals")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new Scalar();
            }
        }
        return new Scalar();
    }

    /** One value at a time. */
    final class Scalar implements ArrayMath {

        @Override
        public void exp(double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = Transcendentals.exp(a[i]);
            }
        }

        @Override
        public void log(double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = Transcendentals.log(a[i]);
            }
        }

        @Override
        public void tanh(double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = Transcendentals.tanh(a[i]);
            }
        }

        @Override
        public void sigmoid(double[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = Transcendentals.sigmoid(a[i]);
            }
        }

        @Override
        public String describe() {
            return "scalar";
        }
    }
}
