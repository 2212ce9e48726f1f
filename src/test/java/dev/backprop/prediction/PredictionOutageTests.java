package dev.backprop.prediction;

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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An instance whose database goes away for longer than the pool waits for a connection keeps serving
 * the models it holds to the keys it has seen; what needs the database is a 503 with Retry-After, the
 * health endpoint says the database is DOWN without hanging, and readiness stays UP. The outage is a
 * TCP proxy between the service and PostgreSQL that the test cuts and restores.
 */
@ExtendWith(PostgresAvailability.class)
class PredictionOutageTests {

    private static final Duration OUTAGE = Duration.ofSeconds(40);
    private static final String AND_GATE = """
            {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 2,
             "featureNames": ["a", "b"], "targetNames": ["label"], "labels": ["0", "1"],
             "layers": [{"units": 1, "activation": "SIGMOID", "weights": [[10.0], [10.0]], "biases": [-15.0]}]}""";

    @Test
    void aCachedModelAnswersThroughAnOutageAndWhatNeedsTheDatabaseIsA503() throws Exception {
        try (PostgresServer server = new PostgresServer("backprop_test_serving_");
             TcpProxy proxy = server.proxy();
             ConfigurableApplicationContext context = start(server, proxy)) {
            Http admin = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
            String model = admin.post("/api/v1/models?name=and-gate", "application/json", AND_GATE).json()
                    .get("id").asString();
            String secret = admin.postJson("/api/v1/api-keys", """
                    {"name": "fraud-service", "role": "PREDICT"}""").json().get("key").asString();
            Http predict = admin.as(secret);
            String row = """
                    {"inputs": [[1, 1]]}""";
            assertThat(predict.postJson("/api/v1/models/" + model + "/predict", row).status()).isEqualTo(200);
            assertThat(predict.postJson("/api/v1/models/and-gate/versions/latest/predict", row).status()).isEqualTo(200);
            String unseen = admin.postJson("/api/v1/api-keys", """
                    {"name": "never-used", "role": "PREDICT"}""").json().get("key").asString();

            proxy.cut();
            Map<Integer, Integer> byId = new TreeMap<>();
            Map<Integer, Integer> byName = new TreeMap<>();
            long end = System.nanoTime() + OUTAGE.toNanos();
            boolean checked = false;
            while (System.nanoTime() - end < 0) {
                Http.Response answer = predict.postJson("/api/v1/models/" + model + "/predict", row);
                byId.merge(answer.status(), 1, Integer::sum);
                if (answer.status() == 200) {
                    assertThat(answer.json().path("predictions").path(0).path("label").asString()).isEqualTo("1");
                }
                byName.merge(predict.postJson("/api/v1/models/and-gate/versions/latest/predict", row).status(), 1,
                        Integer::sum);
                if (!checked) {
                    checked = true;
                    assertOutageAnswers(admin, unseen);
                }
                Thread.sleep(100);
            }
            System.out.printf("predictions through a %d s outage: by id %s, by name %s%n", OUTAGE.toSeconds(), byId, byName);
            assertThat(byId).as("predictions by id through the outage").containsOnlyKeys(200);
            assertThat(byName).as("predictions by name through the outage").containsOnlyKeys(200);
            assertThat(byId.get(200)).isGreaterThan(50);
            proxy.restore();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> admin.as(unseen).postJson("/api/v1/models/" + model + "/predict", row).status() == 200);
            assertThat(admin.get("/api/v1/datasets").status()).isEqualTo(200);
            assertThat(admin.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
        }
    }

    /** While the database is away: what needs it is a 503 with Retry-After; health says DOWN, readiness UP. */
    private static void assertOutageAnswers(Http admin, String unseen) {
        Http.Response unknownKey = admin.as(unseen).postJson("/api/v1/models/00000000-0000-0000-0000-000000000000/predict",
                "{\"inputs\": [[1, 1]]}");
        assertThat(unknownKey.status()).as(unknownKey.body()).isEqualTo(503);
        assertThat(unknownKey.contentType()).startsWith("application/problem+json");
        assertThat(unknownKey.header("Retry-After")).isNotBlank();

        Http.Response listing = admin.get("/api/v1/datasets");
        assertThat(listing.status()).as(listing.body()).isEqualTo(503);
        assertThat(listing.contentType()).startsWith("application/problem+json");
        assertThat(listing.header("Retry-After")).isNotBlank();

        Http.Response protocol = admin.postJson("/v2/models/not-held/infer", """
                {"inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP64", "data": [1, 1]}]}""");
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(503);
        assertThat(protocol.json().path("error").asString()).contains("database");
        assertThat(protocol.header("Retry-After")).isNotBlank();

        long asked = System.nanoTime();
        Http.Response health = admin.get("/actuator/health");
        System.out.printf("health answered in %d ms during the outage%n", (System.nanoTime() - asked) / 1_000_000);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
        assertThat(admin.get("/actuator/health/readiness").json().path("status").asString()).isEqualTo("UP");
    }

    private static ConfigurableApplicationContext start(PostgresServer server, TcpProxy proxy) {
        List<String> arguments = new ArrayList<>(server.argumentsThrough(proxy));
        arguments.add("--server.port=0");
        return new SpringApplicationBuilder(BackpropApplication.class).run(arguments.toArray(String[]::new));
    }
}
