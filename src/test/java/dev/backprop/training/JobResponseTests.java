package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A job's time left: none while the run's start would dominate it, then from this run's pace. */
class JobResponseTests {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void estimatesNothingUntilATenthOfTheEpochsOr30SecondsThenFromThePaceSoFar() {
        TrainingJob job = running(1000);
        job.progress(epoch(5), null, null);
        assertThat(JobResponse.of(job, null, START.plusSeconds(2)).remainingSeconds()).isNull();
        assertThat(JobResponse.of(job, null, START.plusSeconds(40)).remainingSeconds()).isEqualTo(40.0 / 5 * 995);
        job.progress(epoch(100), null, null);
        assertThat(JobResponse.of(job, null, START.plusSeconds(4)).remainingSeconds()).isEqualTo(4.0 / 100 * 900);
    }

    @Test
    void aResumedRunCountsOnlyItsOwnEpochs() {
        TrainingJob job = running(1000);
        job.resume(500, epoch(500), null, null);
        job.progress(epoch(550), null, null);
        assertThat(JobResponse.of(job, null, START.plusSeconds(5)).remainingSeconds()).isEqualTo(5.0 / 50 * 450);
        job.progress(epoch(520), null, null);
        assertThat(JobResponse.of(job, null, START.plusSeconds(5)).remainingSeconds()).isNull();
    }

    @Test
    void anEndedJobHasNoTimeLeft() {
        TrainingJob job = running(10);
        job.progress(epoch(10), null, null);
        job.finish(JobStatus.SUCCEEDED, "trained all 10 epochs", null, START.plusSeconds(3));
        assertThat(JobResponse.of(job, null, START.plusSeconds(9)).remainingSeconds()).isZero();
    }

    private static TrainingJob running(int epochs) {
        TrainingJob job = new TrainingJob(UUID.randomUUID(), "j", UUID.randomUUID(), "{}", "{}", 1, epochs, null, null,
                START, "key:test");
        job.start(START);
        return job;
    }

    private static EpochFigures epoch(int epoch) {
        return new EpochFigures(epoch, 0.5, null, null, null, 0.01);
    }
}
