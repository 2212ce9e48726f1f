package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import dev.backprop.support.PostgresAvailability;
import dev.backprop.support.PostgresServer;
import dev.backprop.support.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Jobs running when the database goes away for a while wait for it and go on: both end SUCCEEDED on
 * the very weights an uninterrupted run of the same spec ends on. The outage is a TCP proxy between
 * the service and PostgreSQL that the test cuts and restores.
 */
@ExtendWith(PostgresAvailability.class)
class TrainingJobOutageTests {

    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @Test
    void runningJobsWaitThroughADatabaseOutageAndEndOnTheWeightsOfAnUninterruptedRun() throws Exception {
        try (PostgresServer server = new PostgresServer("backprop_test_outage_");
             TcpProxy proxy = server.proxy();
             ConfigurableApplicationContext context = start(server, proxy)) {
            Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
            String dataset = http.postJson("/api/v1/datasets", """
                    {"name": "moons", "generator": {"type": "moons", "samples": 2000, "noise": 0.2, "seed": 0}}""")
                    .json().get("id").asString();
            String spec = """
                    {"datasetId": "%s", "model": {"hiddenLayers": [64, 64]}, "training": {"epochs": 2000, "seed": 7}}"""
                    .formatted(dataset);
            List<String> ids = List.of(submit(http, spec), submit(http, spec));
            LiveModels live = context.getBean(LiveModels.class);
            await().atMost(DEADLINE).until(() -> ids.stream().allMatch(id -> live.get(UUID.fromString(id)).isPresent()));

            proxy.cut();
            // both keep their runs through the outage: neither fails nor gives its job up
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5))
                    .until(() -> ids.stream().allMatch(id -> live.get(UUID.fromString(id)).isPresent()));
            proxy.restore();

            List<JsonNode> weights = new ArrayList<>();
            for (String id : ids) {
                JsonNode done = ended(http, id);
                assertThat(done.get("epoch").asInt()).isEqualTo(2000);
                weights.add(http.get("/api/v1/models/" + done.get("modelId").asString() + "/weights").json().get("layers"));
            }
            JsonNode uninterrupted = http.get("/api/v1/models/" + ended(http, submit(http, spec)).get("modelId").asString()
                    + "/weights").json().get("layers");
            assertThat(weights).allSatisfy(w -> assertThat(w).isEqualTo(uninterrupted));
        }
    }

    private static String submit(Http http, String spec) {
        Http.Response response = http.postJson("/api/v1/training-jobs", spec);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    private static JsonNode ended(Http http, String id) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            job[0] = http.get("/api/v1/training-jobs/" + id).json();
            assertThat(job[0].get("status").asString()).as(job[0].toString()).isIn("SUCCEEDED", "FAILED", "CANCELLED");
        });
        assertThat(job[0].get("status").asString()).as(job[0].toString()).isEqualTo("SUCCEEDED");
        return job[0];
    }

    private static ConfigurableApplicationContext start(PostgresServer server, TcpProxy proxy) {
        List<String> arguments = new ArrayList<>(server.argumentsThrough(proxy));
        arguments.addAll(List.of("--server.port=0", "--backprop.scheduler.polling-interval=100ms",
                "--backprop.training.progress-interval=200ms"));
        // command-line arguments: they outrank application.yml, default properties would not
        return new SpringApplicationBuilder(BackpropApplication.class).run(arguments.toArray(String[]::new));
    }
}
