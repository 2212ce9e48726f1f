package dev.backprop.training;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Training jobs under {@code backprop.training}.
 *
 * @param historyPoints epochs kept in full in a job's history; longer runs keep this many evenly
 *     spaced epochs, always with the last one
 * @param progressInterval how often a running job writes its progress and history to the database
 * @param cancelCheckInterval how often a running job reads its cancel flag
 * @param maxParameters weights and biases one network may have: each costs its value, its gradient
 *     and up to two optimizer moments (10 million: 320 MB at most)
 * @param maxWork epochs x training rows x parameters one job may ask for, about a sixth of its
 *     floating-point operations (10^13: some 20 minutes on two cores at 50 GFLOP/s)
 * @param maxDuration wall-clock time a job may run; past it the job ends FAILED, saying so
 * @param maxActiveJobs queued plus running jobs one caller may have; one more is refused with 429
 */
@ConfigurationProperties("backprop.training")
record TrainingProperties(
        @DefaultValue("1000") int historyPoints,
        @DefaultValue("1s") Duration progressInterval,
        @DefaultValue("500ms") Duration cancelCheckInterval,
        @DefaultValue("10000000") long maxParameters,
        @DefaultValue("10000000000000") long maxWork,
        @DefaultValue("1h") Duration maxDuration,
        @DefaultValue("4") int maxActiveJobs,
        @DefaultValue("30s") Duration checkpointInterval) {

    /** The limits a request is planned against. */
    TrainingPlanner.Limits limits() {
        return new TrainingPlanner.Limits(maxParameters, maxWork);
    }
}
