package dev.backprop.training;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Searches under {@code backprop.searches} (its {@code sweep-interval} is read where the sweep is scheduled).
 *
 * @param maxWork epochs x training rows x parameters summed over every run of one search
 */
@ConfigurationProperties("backprop.searches")
record SearchProperties(
        @DefaultValue("100000000000000") long maxWork) {
}
