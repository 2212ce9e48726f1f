package dev.backprop.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job scheduler (db-scheduler) under {@code backprop.scheduler}.
 *
 * @param threads jobs this instance runs at once; 0 means one per core
 * @param name this instance's name in the scheduler table; empty means host name plus a random suffix
 * @param pollingInterval how often the instance looks for due jobs
 * @param heartbeatInterval how often a running job's instance proves it is alive
 * @param missedHeartbeats heartbeats missed before another instance takes the job over (at least 4)
 * @param polling {@code auto} (lock-and-fetch with SKIP LOCKED on PostgreSQL, fetch elsewhere),
 *     {@code fetch} or {@code lock-and-fetch}
 * @param shutdownMaxWait how long a stopping instance waits for running jobs to hand back
 */
@ConfigurationProperties("backprop.scheduler")
public record SchedulerProperties(
        @DefaultValue("0") int threads,
        @DefaultValue("") String name,
        @DefaultValue("1s") Duration pollingInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("6") int missedHeartbeats,
        @DefaultValue("auto") String polling,
        @DefaultValue("30s") Duration shutdownMaxWait) {
}
