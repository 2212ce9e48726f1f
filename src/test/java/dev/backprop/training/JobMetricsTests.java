package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every job meter a dashboard reads is there, at zero, before the first job ends. */
class JobMetricsTests {

    @Test
    void theMetersExistFromTheStartAndCountWhatEnds() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JobMetrics metrics = new JobMetrics(mock(TrainingJobRepository.class), registry);

        for (String status : new String[] {"SUCCEEDED", "FAILED", "CANCELLED"}) {
            assertThat(registry.get("backprop.jobs.duration").tag("status", status).timer().count()).isZero();
            assertThat(registry.get("backprop.jobs.epochs.rate").tag("status", status).summary().count()).isZero();
        }
        assertThat(registry.get("backprop.jobs.checkpoints").counter().count()).isZero();

        metrics.ended(JobStatus.SUCCEEDED, Duration.ofSeconds(2), 100);
        metrics.checkpointed();
        assertThat(registry.get("backprop.jobs.duration").tag("status", "SUCCEEDED").timer().count()).isEqualTo(1);
        assertThat(registry.get("backprop.jobs.epochs.rate").tag("status", "SUCCEEDED").summary().mean())
                .isEqualTo(50.0);
        assertThat(registry.get("backprop.jobs.checkpoints").counter().count()).isEqualTo(1.0);
    }
}
