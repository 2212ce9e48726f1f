package dev.backprop.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The first admin key. With {@code backprop.security.bootstrap-key} set, that secret becomes an admin
 * key (once; revoking it sticks). Without it, a service that has no valid key generates one, logs it
 * this once and writes it to {@code backprop.security.generated-key-file}, readable by its owner only.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeyBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

    private final ApiKeyService keys;
    private final SecurityProperties properties;

    KeyBootstrap(ApiKeyService keys, SecurityProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String secret = properties.bootstrapKey();
        if (secret != null && !secret.isBlank()) {
            if (secret.length() < SecurityProperties.MIN_BOOTSTRAP_KEY_LENGTH || !secret.matches("[A-Za-z0-9._~+/-]+")) {
                throw new IllegalStateException("backprop.security.bootstrap-key must be at least "
                        + SecurityProperties.MIN_BOOTSTRAP_KEY_LENGTH + " characters of A-Z, a-z, 0-9 and ._~+/-"
                        + " (a bearer token's alphabet); generate one with: openssl rand -base64 32");
            }
            if (keys.ensureAdmin(secret, "bootstrap")) {
                log.info("Made the secret in backprop.security.bootstrap-key an admin API key");
            }
            return;
        }
        if (keys.anyActive()) {
            return;
        }
        ApiKeyService.Created created = keys.create("generated admin key", Role.ADMIN, "bootstrap");
        Path file = properties.generatedKeyFile().toAbsolutePath();
        write(file, created.secret());
        log.warn("No API key existed, so an admin key was generated: {}  (written to {}; shown this once."
                + " Send it as 'Authorization: Bearer <key>', create other keys with POST /api/v1/api-keys)",
                created.secret(), file);
    }

    private static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the generated admin key to " + file, e);
        }
    }
}
