package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import dev.backprop.support.Jobs;
import dev.backprop.support.PostgresAvailability;
import dev.backprop.support.PostgresServer;
import dev.backprop.support.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Jobs running when the database goes away for a while wait for it and go on from where they were,
 * in the run they had, through an outage shorter than the heartbeat limit and one longer: both end
 * SUCCEEDED on the very weights an uninterrupted run of the same spec ends on. The outage is a TCP
 * proxy between the service and PostgreSQL that the test cuts and restores.
 */
@ExtendWith(PostgresAvailability.class)
class TrainingJobOutageTests {

    private static final Duration DEADLINE = Duration.ofSeconds(180);

    /** Outages shorter and longer than the scheduler's heartbeat limit at its defaults. */
    @ParameterizedTest
    @ValueSource(ints = {10, 40})
    void runningJobsWaitThroughADatabaseOutageAndEndOnTheWeightsOfAnUninterruptedRun(int seconds) throws Exception {
        Duration outage = Duration.ofSeconds(seconds);
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
            List<String> ids = List.of(Jobs.submit(http, spec), Jobs.submit(http, spec));
            LiveModels live = context.getBean(LiveModels.class);
            await().atMost(DEADLINE).until(() -> ids.stream().allMatch(id -> live.get(UUID.fromString(id)).isPresent()));

            TrainingJobRunner runner = context.getBean(TrainingJobRunner.class);
            proxy.cut();
            // both runs go on through the outage: neither fails nor gives its job up
            await().during(outage).atMost(outage.plusSeconds(5))
                    .until(() -> ids.stream().allMatch(id -> runner.runs(UUID.fromString(id))));
            proxy.restore();

            List<JsonNode> weights = new ArrayList<>();
            TrainingJobRepository jobs = context.getBean(TrainingJobRepository.class);
            for (String id : ids) {
                JsonNode done = Jobs.succeeded(http, id, DEADLINE);
                assertThat(done.get("epoch").asInt()).isEqualTo(2000);
                // ended by the run it had: not handed back, not revived as dead once its heartbeats resumed
                assertThat(jobs.findById(UUID.fromString(id)).orElseThrow().attempts()).isEqualTo(1);
                weights.add(http.get("/api/v1/models/" + done.get("modelId").asString() + "/weights").json().get("layers"));
            }
            String model = Jobs.succeeded(http, Jobs.submit(http, spec), DEADLINE).get("modelId").asString();
            JsonNode uninterrupted = http.get("/api/v1/models/" + model + "/weights").json().get("layers");
            assertThat(weights).allSatisfy(w -> assertThat(w).isEqualTo(uninterrupted));
        }
    }

    private static ConfigurableApplicationContext start(PostgresServer server, TcpProxy proxy) {
        List<String> arguments = new ArrayList<>(server.argumentsThrough(proxy));
        arguments.addAll(List.of("--server.port=0", "--backprop.scheduler.polling-interval=100ms",
                "--backprop.training.progress-interval=200ms"));
        // command-line arguments: they outrank application.yml, default properties would not
        return new SpringApplicationBuilder(BackpropApplication.class).run(arguments.toArray(String[]::new));
    }
}
