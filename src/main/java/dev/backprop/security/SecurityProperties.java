package dev.backprop.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param bootstrapKey a secret that is made an admin API key at start (at least 20 characters);
 *     environment BACKPROP_SECURITY_BOOTSTRAP_KEY
 * @param generatedKeyFile where the admin key generated on a first start without any key is written,
 *     readable by its owner only
 * @param corsAllowedOrigins origins whose pages may call the API from a browser; none by default
 * @param outageGrace how long a key this instance saw valid in the database keeps working while the
 *     database does not answer; 0 turns the grace off (every request then needs the database)
 */
@ConfigurationProperties("backprop.security")
record SecurityProperties(
        String bootstrapKey,
        @DefaultValue("./data/admin-key") Path generatedKeyFile,
        @DefaultValue List<String> corsAllowedOrigins,
        @DefaultValue("15m") Duration outageGrace) {

    static final int MIN_BOOTSTRAP_KEY_LENGTH = 20;
}
