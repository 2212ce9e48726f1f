package dev.backprop.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits a range of independent work items (output rows of a kernel) across the cores. Each item
 * is computed whole by one thread in a fixed order, so the results are bit-identical whatever the
 * number of threads.
 */
public final class Parallel {

    /** Below this many multiply-adds a kernel runs on the calling thread: forking would cost more. */
    static final long MIN_PARALLEL_WORK = 1 << 20;

    private static final ForkJoinPool POOL = ForkJoinPool.commonPool();

    /** Off makes every kernel run on the calling thread; tests use it to show threads change no bits. */
    static volatile boolean enabled = true;

    private Parallel() {
    }

    public interface RangeBody {
        /** Does the work for items {@code [from, to)}. */
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, count)} in parallel when {@code work} is large enough. */
    public static void forRange(int count, long work, RangeBody body) {
        int threads = POOL.getParallelism();
        if (!enabled || work < MIN_PARALLEL_WORK || count < 2 || threads < 2) {
            body.run(0, count);
            return;
        }
        int parts = Math.min(count, threads * 2);
        POOL.invoke(new Split(body, 0, count, Math.max(1, (count + parts - 1) / parts)));
    }

    private static final class Split extends RecursiveAction {
        private final RangeBody body;
        private final int from;
        private final int to;
        private final int grain;

        Split(RangeBody body, int from, int to, int grain) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Split(body, from, mid, grain), new Split(body, mid, to, grain));
        }
    }
}
