package dev.backprop.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Request limits under {@code backprop.http}.
 *
 * @param maxJsonBody the largest JSON request body: a JSON dataset of about 1.5 million numbers, or a
 *     model document of 1.5 million weights, at the default 32MB; larger datasets come as CSV uploads
 *     ({@code backprop.datasets.max-upload-size})
 */
@ConfigurationProperties("backprop.http")
record HttpProperties(@DefaultValue("32MB") DataSize maxJsonBody) {
}
