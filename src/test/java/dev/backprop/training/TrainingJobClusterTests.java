package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import dev.backprop.support.PostgresAvailability;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Two service instances on one PostgreSQL both take jobs, and no job runs twice (lock-and-fetch, SKIP LOCKED). */
@ExtendWith(PostgresAvailability.class)
class TrainingJobClusterTests {

    @Test
    void twoInstancesShareTheQueueWithoutRunningAJobTwice() throws Exception {
        PostgreSQLContainer container = null;
        String url;
        String user;
        String password;
        if (PostgresAvailability.source() == PostgresAvailability.Source.DOCKER) {
            container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            url = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
        } else {
            url = System.getenv(PostgresAvailability.URL_VARIABLE);
            user = Objects.requireNonNullElse(System.getenv("BACKPROP_TEST_POSTGRES_USER"), "postgres");
            password = Objects.requireNonNullElse(System.getenv("BACKPROP_TEST_POSTGRES_PASSWORD"), "");
        }
        String schema = "backprop_test_cluster_" + UUID.randomUUID().toString().substring(0, 8);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (ConfigurableApplicationContext a = start(schemaUrl, user, password, schema, "instance-a");
             ConfigurableApplicationContext b = start(schemaUrl, user, password, schema, "instance-b")) {
            Http http = new Http(((WebServerApplicationContext) a).getWebServer().getPort());
            String dataset = http.postJson("/api/v1/datasets", """
                    {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}""")
                    .json().get("id").asString();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add(http.postJson("/api/v1/training-jobs", """
                        {"datasetId": "%s", "name": "cluster", "model": {"hiddenLayers": [16]}, "training": {"epochs": 400}}"""
                        .formatted(dataset)).json().get("id").asString());
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                    assertThat(http.get("/api/v1/training-jobs/" + id).json().get("status").asString())
                            .isEqualTo("SUCCEEDED")));

            TrainingJobRepository jobs = a.getBean(TrainingJobRepository.class);
            assertThat(ids).allSatisfy(id -> assertThat(jobs.findById(UUID.fromString(id)).orElseThrow().attempts())
                    .isEqualTo(1));
            assertThat(http.get("/api/v1/models?name=cluster&size=200").json().get("totalElements").asInt())
                    .isEqualTo(12);
        } finally {
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            if (container != null) {
                container.stop();
            }
        }
    }

    private static ConfigurableApplicationContext start(String url, String user, String password, String schema,
            String name) {
        // command-line arguments: they outrank application.yml, default properties would not
        return new SpringApplicationBuilder(BackpropApplication.class).profiles("postgres").run("--server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password, "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema, "--backprop.scheduler.name=" + name,
                "--backprop.scheduler.threads=2", "--backprop.scheduler.polling-interval=100ms");
    }
}
