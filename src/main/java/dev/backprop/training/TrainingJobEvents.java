package dev.backprop.training;

import dev.backprop.system.NotFoundException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/**
 * Watches jobs for subscribers to their progress: one poller reads each watched job once per tick,
 * however many subscribers it has, and tells each of them when its epoch or status changed, until
 * the job ends or the subscriber leaves.
 */
@Service
class TrainingJobEvents {

    static final Duration TICK = Duration.ofMillis(250);

    /** What a subscriber is told; a listener that throws is dropped. */
    interface Listener {
        void progress(JobResponse job) throws Exception;

        /** The job ended (the last progress event was sent before), or vanished (null). */
        void end(JobResponse job) throws Exception;
    }

    /** A subscription; cancel it when the client goes away. */
    interface Subscription {
        void cancel();
    }

    private final TrainingJobService jobs;
    private final Map<UUID, List<Subscriber>> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-events").daemon().factory());

    TrainingJobEvents(TrainingJobService jobs) {
        this.jobs = jobs;
        poller.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /** Follows a job from {@code current}, which the caller has just read (so an unknown id is its 404). */
    Subscription subscribe(UUID id, JobResponse current, Listener listener) {
        Subscriber subscriber = new Subscriber(id, listener);
        poller.execute(() -> {
            if (subscriber.deliver(current)) {
                watched.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(subscriber);
            }
        });
        return () -> poller.execute(() -> remove(subscriber));
    }

    private void tick() {
        for (Map.Entry<UUID, List<Subscriber>> entry : watched.entrySet()) {
            JobResponse job;
            try {
                job = jobs.get(entry.getKey());
            } catch (NotFoundException e) {
                job = null;
            } catch (RuntimeException e) {
                continue; // the database is busy or away: try again next tick
            }
            for (Subscriber subscriber : entry.getValue()) {
                if (!subscriber.deliver(job)) {
                    remove(subscriber);
                }
            }
        }
    }

    private void remove(Subscriber subscriber) {
        watched.computeIfPresent(subscriber.id, (id, list) -> {
            list.remove(subscriber);
            return list.isEmpty() ? null : list;
        });
    }

    private static final class Subscriber {
        private final UUID id;
        private final Listener listener;
        private JobResponse last;

        Subscriber(UUID id, Listener listener) {
            this.id = id;
            this.listener = listener;
        }

        /** Tells the listener what changed; false once it needs no more (the job ended or it failed). */
        boolean deliver(JobResponse job) {
            try {
                if (job == null) {
                    listener.end(null);
                    return false;
                }
                if (last == null || last.latest().epoch() != job.latest().epoch() || last.status() != job.status()) {
                    listener.progress(job);
                    last = job;
                }
                if (job.status().terminal()) {
                    listener.end(job);
                    return false;
                }
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
