package dev.backprop.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what one dataset may hold, under {@code backprop.datasets}. A request beyond them is
 * refused (413 for size, 400 for shape) and nothing is stored.
 *
 * @param maxUploadSize bytes of one CSV upload, as a text/csv body or a multipart file
 * @param maxRows rows in one dataset
 * @param maxFeatures feature columns in one dataset
 * @param maxClasses distinct labels in a classification dataset
 * @param maxLevels distinct values in one category column
 * @param maxValues rows times (features + targets): bounds the memory one upload takes
 * @param chunkSize stored bytes per chunk of rows
 */
@ConfigurationProperties("backprop.datasets")
record DatasetProperties(
        @DefaultValue("256MB") DataSize maxUploadSize,
        @DefaultValue("1000000") int maxRows,
        @DefaultValue("1000") int maxFeatures,
        @DefaultValue("1000") int maxClasses,
        @DefaultValue("1000") int maxLevels,
        @DefaultValue("50000000") long maxValues,
        @DefaultValue("64KB") DataSize chunkSize) {
}
