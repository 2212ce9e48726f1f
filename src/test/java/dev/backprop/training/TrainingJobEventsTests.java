package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.backprop.system.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainingJobEventsTests {

    private final TrainingJobService service = mock(TrainingJobService.class);
    private final TrainingJobEvents events = new TrainingJobEvents(service);
    private final UUID id = UUID.randomUUID();
    private final Instant now = Instant.parse("2026-11-24T00:00:00Z");

    @AfterEach
    void stop() {
        events.stop();
    }

    private TrainingJob job() {
        return new TrainingJob(id, "j", UUID.randomUUID(), "{}", "{}", 1, 10, null, null, now, null);
    }

    private JobResponse queued() {
        return JobResponse.of(job(), null, now);
    }

    private JobResponse running(int epoch) {
        TrainingJob job = job();
        job.start(now);
        job.progress(new EpochFigures(epoch, 0.5, null, 0.9, null, 0.01), epoch, 0.5);
        return JobResponse.of(job, null, now);
    }

    private JobResponse succeeded() {
        TrainingJob job = job();
        job.start(now);
        job.progress(new EpochFigures(10, 0.1, null, 1.0, null, 0.01), 10, 0.1);
        job.finish(JobStatus.SUCCEEDED, "trained all 10 epochs", UUID.randomUUID(), now);
        return JobResponse.of(job, null, now);
    }

    /** Records what it is told as "STATUS@epoch", and "end" or "gone". */
    private static final class Recorder implements TrainingJobEvents.Listener {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void progress(JobResponse job) {
            seen.add(job.status() + "@" + job.latest().epoch());
        }

        @Override
        public void end(JobResponse job) {
            seen.add(job == null ? "gone" : "end");
        }
    }

    @Test
    void everySubscriberOfAJobSeesEachStateFromOneReadPerTick() {
        // each read moves the job on: if every subscriber read the job itself, the second would skip epoch 4
        when(service.get(id)).thenReturn(running(4), succeeded());
        Recorder first = new Recorder();
        Recorder second = new Recorder();

        events.subscribe(id, queued(), first);
        events.subscribe(id, queued(), second);

        await().atMost(Duration.ofSeconds(10)).until(() -> first.seen.contains("end") && second.seen.contains("end"));
        assertThat(first.seen).containsExactly("QUEUED@0", "RUNNING@4", "SUCCEEDED@10", "end");
        assertThat(second.seen).containsExactly("QUEUED@0", "RUNNING@4", "SUCCEEDED@10", "end");
    }

    @Test
    void aJobThatEndedAlreadyEndsTheStreamAtOnceAndOneThatVanishesEndsIt() {
        Recorder ended = new Recorder();
        events.subscribe(id, succeeded(), ended);
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.seen.contains("end"));
        assertThat(ended.seen).containsExactly("SUCCEEDED@10", "end");

        when(service.get(id)).thenThrow(new NotFoundException("Training job", id));
        Recorder gone = new Recorder();
        events.subscribe(id, running(1), gone);
        await().atMost(Duration.ofSeconds(10)).until(() -> gone.seen.contains("gone"));
        assertThat(gone.seen).containsExactly("RUNNING@1", "gone");
    }

    @Test
    void aCancelledSubscriptionHearsNothingMore() {
        when(service.get(id)).thenReturn(running(1), running(2), running(3), succeeded());
        Recorder leaving = new Recorder();
        Recorder staying = new Recorder();
        TrainingJobEvents.Subscription subscription = events.subscribe(id, queued(), leaving);
        events.subscribe(id, queued(), staying);
        subscription.cancel();

        await().atMost(Duration.ofSeconds(10)).until(() -> staying.seen.contains("end"));
        assertThat(leaving.seen).containsExactly("QUEUED@0");
    }
}
