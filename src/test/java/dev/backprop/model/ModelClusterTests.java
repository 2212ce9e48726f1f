package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import dev.backprop.support.PostgresAvailability;
import dev.backprop.support.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one PostgreSQL agree on what a name and version mean: a model deleted through one
 * stops being served by the other by every route, a deleted version's number is never given again,
 * registrations of one name through both at once all succeed with versions in one unbroken run, and
 * an alias moved through one is followed by the other.
 */
@ExtendWith(PostgresAvailability.class)
class ModelClusterTests {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String ROW = "{\"instances\": [[0.5, 0.25]]}";

    @Test
    void instancesAgreeOnWhatANameAndVersionMean() throws Exception {
        try (PostgresServer server = new PostgresServer("backprop_test_models_");
             ConfigurableApplicationContext first = start(server, "instance-a");
             ConfigurableApplicationContext second = start(server, "instance-b")) {
            Http a = http(first);
            Http b = http(second);
            String dataset = a.postJson("/api/v1/datasets", """
                    {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}""")
                    .json().get("id").asString();
            String job = a.postJson("/api/v1/training-jobs", """
                    {"datasetId": "%s", "name": "shared", "training": {"epochs": 3}}""".formatted(dataset))
                    .json().get("id").asString();
            String[] model = new String[1];
            await().atMost(DEADLINE).untilAsserted(() -> {
                JsonNode state = a.get("/api/v1/training-jobs/" + job).json();
                assertThat(state.get("status").asString()).isEqualTo("SUCCEEDED");
                model[0] = state.get("modelId").asString();
            });
            String document = a.get("/api/v1/models/" + model[0] + "/weights").body();
            List<String> routes = List.of("/api/v1/models/" + model[0] + "/predict",
                    "/api/v1/models/shared/versions/1/predict", "/api/v1/models/shared/versions/latest/predict");
            for (String route : routes) {
                assertThat(b.postJson(route, ROW).status()).as(route).isEqualTo(200);
            }

            assertThat(a.delete("/api/v1/models/" + model[0]).status()).isEqualTo(204);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                for (String route : routes) {
                    assertThat(b.postJson(route, ROW).status()).as(route).isEqualTo(404);
                }
            });
            Http.Response again = b.postJson("/api/v1/models?name=shared", document);
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.json().get("version").asInt()).as("version 1 was deleted, not free").isEqualTo(2);

            List<Integer> statuses = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                List<Future<Integer>> sent = IntStream.range(0, 100).mapToObj(i -> pool.submit(
                        () -> (i % 2 == 0 ? a : b).postJson("/api/v1/models?name=burst", document).status())).toList();
                for (Future<Integer> status : sent) {
                    statuses.add(status.get());
                }
            }
            assertThat(statuses).containsOnly(201);
            JsonNode burst = a.get("/api/v1/models?name=burst&size=200").json().get("content");
            assertThat(burst.valueStream().map(m -> m.get("version").asInt()).sorted().toList())
                    .isEqualTo(IntStream.rangeClosed(1, 100).boxed().toList());

            // an alias moved through one instance: the other, which answered by it before, follows
            String alias = "/api/v1/models/burst/aliases/champion";
            assertThat(a.send("PUT", alias, "application/json", "{\"version\": 1}").status()).isEqualTo(201);
            assertThat(b.postJson(alias + "/predict", ROW).json().get("modelId").asString())
                    .isEqualTo(modelOf(burst, 1));
            assertThat(a.send("PUT", alias, "application/json", "{\"version\": 2}").status()).isEqualTo(200);
            long moved = System.nanoTime();
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> assertThat(
                    b.postJson(alias + "/predict", ROW).json().get("modelId").asString()).isEqualTo(modelOf(burst, 2)));
            System.out.printf("alias move seen by the other instance after %d ms%n", (System.nanoTime() - moved) / 1_000_000);
            assertThat(b.postJson("/v2/models/burst/versions/champion/infer", """
                    {"inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP64", "data": [0.5, 0.25]}]}""")
                    .json().get("model_version").asString()).isEqualTo("2");
        }
    }

    private static String modelOf(JsonNode models, int version) {
        return models.valueStream().filter(m -> m.get("version").asInt() == version).findFirst().orElseThrow()
                .get("id").asString();
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static ConfigurableApplicationContext start(PostgresServer server, String name) {
        List<String> arguments = new ArrayList<>(server.arguments());
        arguments.addAll(List.of("--server.port=0", "--backprop.scheduler.name=" + name,
                "--backprop.scheduler.polling-interval=100ms"));
        // command-line arguments: they outrank application.yml, default properties would not
        return new SpringApplicationBuilder(BackpropApplication.class).run(arguments.toArray(String[]::new));
    }
}
