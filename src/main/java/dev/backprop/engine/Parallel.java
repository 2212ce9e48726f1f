package dev.backprop.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a range of independent work items (row or column tiles of a product) across the cores. Each item
 * is computed whole by one thread in a fixed order, so the results are bit-identical whatever the
 * number of threads.
 */
public final class Parallel {

    /**
     * Below this many multiply-adds (a few microseconds of one core's work) a kernel runs on the calling
     * thread. An awake worker takes its part within a microsecond, so products this small still gain
     * from a split - an output layer of ten classes over a batch of 128, and its input gradient -
     * where a sleeping worker's wake-up would eat the gain.
     */
    static final long MIN_PARALLEL_WORK = 1 << 18;

    /**
     * How long an idle worker keeps looking for the next parts before it sleeps: a sleeping worker
     * takes longer to wake than most of the serial steps between two products of a training batch,
     * and the caller waits that long for the worker's part.
     */
    static final long AWAKE_NANOS = 200_000;
    /** The first stretch of that wait spins; the rest yields the core to any other thread that wants it. */
    static final long SPIN_NANOS = 20_000;

    /** Parts offered to the workers, taken by whichever is free first. */
    private static final ConcurrentLinkedQueue<Parts> OFFERED = new ConcurrentLinkedQueue<>();
    /** One worker per core beside the caller's. */
    private static final Worker[] WORKERS = new Worker[Math.max(0, Runtime.getRuntime().availableProcessors() - 1)];

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            WORKERS[i] = new Worker(i + 1);
            WORKERS[i].start();
        }
    }

    /** Takes offered parts; stays awake {@link #AWAKE_NANOS} after its last, then sleeps until offered more. */
    private static final class Worker extends Thread {
        volatile boolean sleeping;

        Worker(int index) {
            super("backprop-kernel-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Parts parts = OFFERED.poll();
                if (parts != null) {
                    parts.work();
                    idleSince = System.nanoTime();
                    continue;
                }
                long idle = System.nanoTime() - idleSince;
                if (idle < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (idle < AWAKE_NANOS) {
                    Thread.yield();
                } else {
                    sleeping = true;
                    if (OFFERED.isEmpty()) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

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
     * range is cut into one part per core, offered to the workers, and the calling thread and the
     * workers take parts until none is left. The caller never waits for a worker to wake up, only for
     * the parts a worker has taken; several callers at once each get their parts done.
     */
    public static void forRange(int count, long work, RangeBody body) {
        int threads = WORKERS.length + 1;
        if (!enabled || work < MIN_PARALLEL_WORK || count < 2 || threads < 2) {
            body.run(0, count);
            return;
        }
        Parts parts = new Parts(body, count, Math.min(count, threads));
        OFFERED.add(parts);
        for (Worker worker : WORKERS) {
            if (worker.sleeping) {
                LockSupport.unpark(worker);
            }
        }
        parts.work();
        OFFERED.remove(parts);
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
