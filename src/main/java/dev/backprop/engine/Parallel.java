package dev.backprop.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits a range of independent work items (row or column tiles of a product) across the cores. Each item
 * is computed whole by one thread in a fixed order, so the results are bit-identical whatever the
 * number of threads.
 */
public final class Parallel {

    /** Below this many multiply-adds a kernel runs on the calling thread: forking would cost more. */
    static final long MIN_PARALLEL_WORK = 1 << 20;

    /**
     * One worker per core. Not the common pool: that one has one thread fewer than the cores, so on
     * a 2-core machine it has a single worker and nothing would run in parallel.
     */
    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("backprop-kernel-" + thread.getPoolIndex());
        return thread;
    }, null, false);

    /** Off makes every kernel run on the calling thread; tests use it to show threads change no bits. */
    static volatile boolean enabled = true;

    private Parallel() {
    }

    public interface RangeBody {
        /** Does the work for items {@code [from, to)}. */
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, count)} in parallel when {@code work} is large enough: the
     * range is cut into one part per core, and the calling thread and the pool's workers take parts
     * until none is left. The caller never waits for a worker to wake up, only for the parts a worker
     * has taken.
     */
    public static void forRange(int count, long work, RangeBody body) {
        int threads = POOL.getParallelism();
        if (!enabled || work < MIN_PARALLEL_WORK || count < 2 || threads < 2) {
            body.run(0, count);
            return;
        }
        Parts parts = new Parts(body, count, Math.min(count, threads));
        for (int i = 1; i < threads; i++) {
            POOL.execute(parts::work);
        }
        parts.work();
        parts.await();
    }

    private static final class Parts {
        private final RangeBody body;
        private final int count;
        private final int parts;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Parts(RangeBody body, int count, int parts) {
            this.body = body;
            this.count = count;
            this.parts = parts;
        }

        void work() {
            for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
                try {
                    body.run((int) ((long) count * i / parts), (int) ((long) count * (i + 1) / parts));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void await() {
            for (int spins = 0; done.get() < parts; spins++) {
                if (spins < 1000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
        }
    }
}
