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
 */
@ConfigurationProperties("backprop.training")
record TrainingProperties(
        @DefaultValue("1000") int historyPoints,
        @DefaultValue("1s") Duration progressInterval,
        @DefaultValue("500ms") Duration cancelCheckInterval) {
}
