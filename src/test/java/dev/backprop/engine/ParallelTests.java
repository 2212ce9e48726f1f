package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTests {

    private static final long LARGE = 1L << 30;

    @AfterEach
    void parallelOn() {
        Parallel.enabled = true;
    }

    @Test
    void everyItemRunsOnceWithSeveralCallersAtOnce() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<AtomicIntegerArray>> runs = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                runs.add(callers.submit(() -> {
                    AtomicIntegerArray seen = new AtomicIntegerArray(97);
                    for (int round = 0; round < 500; round++) {
                        Parallel.forRange(97, LARGE, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                seen.incrementAndGet(i);
                            }
                        });
                    }
                    return seen;
                }));
            }
            for (Future<AtomicIntegerArray> run : runs) {
                AtomicIntegerArray seen = run.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < seen.length(); i++) {
                    assertThat(seen.get(i)).as("item %d", i).isEqualTo(500);
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aSleepingWorkerWakesForTheNextParts() throws Exception {
        assumeThat(Runtime.getRuntime().availableProcessors()).isGreaterThan(1);
        // long enough idle for every worker to go to sleep
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Parallel.AWAKE_NANOS) + 50);
        Thread caller = Thread.currentThread();
        CountDownLatch ranOnAWorker = new CountDownLatch(1);
        Parallel.forRange(2, LARGE, (from, to) -> {
            if (Thread.currentThread() != caller) {
                ranOnAWorker.countDown();
                return;
            }
            // a part the caller takes waits for a worker to take the other (a worker may take both)
            try {
                ranOnAWorker.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(ranOnAWorker.getCount()).as("parts run on a worker").isZero();
    }

    @Test
    void aPartsFailureReachesTheCaller() {
        assertThatThrownBy(() -> Parallel.forRange(8, LARGE, (from, to) -> {
            if (from <= 5 && 5 < to) {
                throw new IllegalStateException("item 5");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("item 5");
    }

    @Test
    void switchedOffEverythingRunsOnTheCaller() {
        Parallel.enabled = false;
        Thread caller = Thread.currentThread();
        boolean[] elsewhere = {false};
        Parallel.forRange(64, LARGE, (from, to) -> elsewhere[0] |= Thread.currentThread() != caller);
        assertThat(elsewhere[0]).isFalse();
    }
}
