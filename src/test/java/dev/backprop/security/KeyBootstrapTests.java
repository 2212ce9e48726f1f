package dev.backprop.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The first admin key: generated, written for the owner only and logged when none exists; taken from the setting otherwise. */
class KeyBootstrapTests {

    @Test
    void aFirstStartWithoutAnyKeyGeneratesAnAdminKeyOnce(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE";
        Path file = dir.resolve("data/admin-key");
        String secret;
        try (ConfigurableApplicationContext service = start(url, "", file)) {
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            secret = Files.readString(file).strip();
            assertThat(secret).startsWith("bp_");
            Http http = http(service);
            assertThat(http.anonymous().get("/api/v1/datasets").status()).isEqualTo(401);
            assertThat(http.as(secret).get("/api/v1/api-keys").status()).isEqualTo(200);
            assertThat(http.as(Http.ADMIN_KEY).get("/api/v1/datasets").status()).isEqualTo(401);
        }
        Files.delete(file);
        try (ConfigurableApplicationContext service = start(url, "", file)) {
            // a key exists: nothing new is generated, and the first one still works
            assertThat(file).doesNotExist();
            Http http = http(service).as(secret);
            assertThat(http.get("/api/v1/api-keys").json().get("totalElements").asInt()).isEqualTo(1);
        }
    }

    @Test
    void theBootstrapSettingMakesItsSecretAnAdminKey(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE";
        Path file = dir.resolve("data/admin-key");
        String secret = "operator-chosen-secret-0123456789";
        try (ConfigurableApplicationContext service = start(url, secret, file)) {
            assertThat(file).doesNotExist();
            Http http = http(service).as(secret);
            assertThat(http.get("/api/v1/api-keys").status()).isEqualTo(200);
            assertThat(http.get("/api/v1/api-keys").json().get("content").get(0).get("role").asString()).isEqualTo("ADMIN");
        }
        assertThatThrownBy(() -> start(url, "short", file)).hasStackTraceContaining("at least 20 characters");
    }

    private static ConfigurableApplicationContext start(String url, String bootstrapKey, Path keyFile) {
        return new SpringApplicationBuilder(BackpropApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--backprop.security.bootstrap-key=" + bootstrapKey,
                "--backprop.security.generated-key-file=" + keyFile);
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
