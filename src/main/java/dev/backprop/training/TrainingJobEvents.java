package dev.backprop.training;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Watches jobs for subscribers to their progress: told when a job's epoch or status changes, until it ends. */
@Service
class TrainingJobEvents {

    static final Duration TICK = Duration.ofMillis(250);

    /** What a subscriber is told; a listener that throws is dropped. */
    interface Listener extends Watcher.Listener<JobResponse> {
    }

    /** A subscription; cancel it when the client goes away. */
    interface Subscription extends Watcher.Subscription {
    }

    private final Watcher<JobResponse> watcher;

    TrainingJobEvents(TrainingJobService jobs) {
        this.watcher = new Watcher<>("job-events", TICK, jobs::get,
                (last, now) -> last.latest().epoch() != now.latest().epoch() || last.status() != now.status(),
                job -> job.status().terminal());
    }

    @PreDestroy
    void stop() {
        watcher.stop();
    }

    /** Follows a job from {@code current}, which the caller has just read (so an unknown id is its 404). */
    Subscription subscribe(UUID id, JobResponse current, Watcher.Listener<JobResponse> listener) {
        Watcher.Subscription subscription = watcher.subscribe(id, current, listener);
        return subscription::cancel;
    }
}
