package dev.backprop.prediction;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Predictions under {@code backprop.prediction}.
 *
 * @param maxRows rows in one prediction request
 * @param cacheSize memory the in-process cache of trained networks may take (their weights)
 * @param deletionCheck how often the models held in memory are checked for deletion through another
 *     instance: a deleted model stops being served within about this long
 */
@ConfigurationProperties("backprop.prediction")
record PredictionProperties(
        @DefaultValue("1000") int maxRows,
        @DefaultValue("256MB") DataSize cacheSize,
        @DefaultValue("1s") Duration deletionCheck) {
}
