package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import dev.backprop.support.PostgresAvailability;
import dev.backprop.support.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Two service instances on one PostgreSQL both take jobs, and no job runs twice (lock-and-fetch, SKIP LOCKED). */
@ExtendWith(PostgresAvailability.class)
class TrainingJobClusterTests {

    @Test
    void twoInstancesShareTheQueueWithoutRunningAJobTwice() throws Exception {
        try (PostgresServer server = new PostgresServer("backprop_test_cluster_");
             ConfigurableApplicationContext a = start(server, "instance-a");
             ConfigurableApplicationContext b = start(server, "instance-b")) {
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
        }
    }

    private static ConfigurableApplicationContext start(PostgresServer server, String name) {
        List<String> arguments = new ArrayList<>(server.arguments());
        arguments.addAll(List.of("--server.port=0", "--backprop.scheduler.name=" + name,
                "--backprop.scheduler.threads=2", "--backprop.scheduler.polling-interval=100ms"));
        // command-line arguments: they outrank application.yml, default properties would not
        return new SpringApplicationBuilder(BackpropApplication.class).run(arguments.toArray(String[]::new));
    }
}
