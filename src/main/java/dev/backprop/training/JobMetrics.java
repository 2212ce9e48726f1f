package dev.backprop.training;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Training jobs as Micrometer sees them (and /actuator/prometheus shows them): how many are in each
 * status, how long they waited in the queue, how long they ran and how many epochs a second they
 * trained, per outcome.
 */
@Component
class JobMetrics {

    /** The status counts are read from the database at most this often, however often they are scraped. */
    private static final long REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private final TrainingJobRepository jobs;
    private final MeterRegistry registry;
    private final Timer queueWait;
    private final Counter checkpoints;
    private final Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
    private boolean counted;
    private long countedAt;

    JobMetrics(TrainingJobRepository jobs, MeterRegistry registry) {
        this.jobs = jobs;
        this.registry = registry;
        this.queueWait = Timer.builder("backprop.jobs.queue.wait").publishPercentileHistogram()
                .description("time from a job's submission to its start").register(registry);
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("backprop.jobs", this, metrics -> metrics.count(status)).tag("status", status.name())
                    .description("training jobs in each status, across every instance").register(registry);
            // every meter a dashboard reads exists from the start, at zero, not from the first job's end
            if (status.terminal()) {
                duration(status);
                epochRate(status);
            }
        }
        this.checkpoints = Counter.builder("backprop.jobs.checkpoints")
                .description("checkpoints running jobs wrote").register(registry);
    }

    /** A running job wrote a checkpoint. */
    void checkpointed() {
        checkpoints.increment();
    }

    /** A job started {@code waited} after it was submitted. */
    void started(Duration waited) {
        queueWait.record(waited.isNegative() ? Duration.ZERO : waited);
    }

    /** A job that trained ended in {@code status} after this run of {@code ran}, having trained {@code epochs} epochs in it. */
    void ended(JobStatus status, Duration ran, int epochs) {
        duration(status).record(ran);
        if (ran.toNanos() > 0) {
            epochRate(status).record(epochs / (ran.toNanos() / 1e9));
        }
    }

    private Timer duration(JobStatus status) {
        return Timer.builder("backprop.jobs.duration").tag("status", status.name()).publishPercentileHistogram()
                .description("time a job spent training, by how it ended").register(registry);
    }

    private DistributionSummary epochRate(JobStatus status) {
        return DistributionSummary.builder("backprop.jobs.epochs.rate").tag("status", status.name())
                .baseUnit("epochs per second").description("epochs a second a job trained, by how it ended")
                .register(registry);
    }

    private synchronized double count(JobStatus status) {
        long now = System.nanoTime();
        if (!counted || now - countedAt > REFRESH_NANOS) {
            counts.clear();
            for (Object[] row : jobs.countByStatus()) {
                counts.put((JobStatus) row[0], (Long) row[1]);
            }
            countedAt = now;
            counted = true;
        }
        return counts.getOrDefault(status, 0L);
    }
}
