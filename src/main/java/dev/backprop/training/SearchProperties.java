package dev.backprop.training;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Searches under {@code backprop.searches}.
 *
 * @param sweepInterval how often each instance moves its running searches on, besides each trial job's end
 * @param maxWork epochs x training rows x parameters summed over every run of one search
 */
@ConfigurationProperties("backprop.searches")
record SearchProperties(
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("100000000000000") long maxWork) {
}
