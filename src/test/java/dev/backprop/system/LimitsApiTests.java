package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.support.Http;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The service's limits over HTTP, each refusal a 4xx naming the limit and the value, with nothing
 * stored: parameters per network, work per job, jobs per caller (429), a job's wall-clock budget,
 * JSON body size, capped error lists; and Tomcat's own rejections in the API's JSON.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:limits;DB_CLOSE_DELAY=-1",
        "backprop.training.max-parameters=5000",
        "backprop.training.max-work=10000000000",
        "backprop.training.max-duration=2s",
        "backprop.training.max-active-jobs=2",
        "backprop.training.cancel-check-interval=100ms",
        "backprop.http.max-json-body=64KB"})
class LimitsApiTests {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String JOBS = "/api/v1/training-jobs";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private String moons() {
        Http.Response created = http.postJson("/api/v1/datasets",
                "{\"name\": \"moons\", \"generator\": {\"type\": \"moons\", \"samples\": 200, \"noise\": 0.1, \"seed\": 1}}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }

    @Test
    void aNetworkWithTooManyParametersIsRefusedNamingTheCountAndTheLimit() {
        String dataset = moons();
        long jobs = count("training_job");
        // 2 inputs, 100 and 100 hidden units, 2 outputs: 300 + 10100 + 202 = 10602 weights and biases
        Http.Response refused = http.postJson(JOBS, """
                {"datasetId": "%s", "model": {"hiddenLayers": [100, 100]}}""".formatted(dataset));
        assertProblem(refused, 400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("model");
        assertThat(error.get("message").asString()).contains("10602", "5000", "backprop.training.max-parameters");
        // the dry run says the same, and within the limit the network is accepted
        assertProblem(http.postJson(JOBS + "/dry-run", """
                {"datasetId": "%s", "model": {"hiddenLayers": [100, 100]}}""".formatted(dataset)), 400);
        assertThat(http.postJson(JOBS + "/dry-run", """
                {"datasetId": "%s", "model": {"hiddenLayers": [40, 40]}}""".formatted(dataset)).status()).isEqualTo(200);
        assertThat(count("training_job")).isEqualTo(jobs);
    }

    @Test
    void aJobAskingForTooMuchWorkIsRefusedBeforeItIsStored() {
        String dataset = moons();
        long jobs = count("training_job");
        long datasets = count("dataset");
        // 1,000,000 epochs x 200 rows x 42 parameters = 8.4e9 fits; the widest hidden layers the
        // parameter limit allows, 1,000,000 epochs and an inline dataset of 400 rows do not
        Http.Response refused = http.postJson(JOBS, """
                {"dataset": {"name": "inline", "generator": {"type": "moons", "samples": 400, "seed": 2}},
                 "model": {"hiddenLayers": [60]}, "training": {"epochs": 1000000}}""");
        assertProblem(refused, 400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("training.epochs");
        assertThat(error.get("message").asString())
                .contains("1000000 x 400 x 302", "120800000000", "10000000000", "backprop.training.max-work");
        assertThat(count("training_job")).isEqualTo(jobs);
        assertThat(count("dataset")).as("the inline dataset is rolled back too").isEqualTo(datasets);
        assertThat(http.postJson(JOBS + "/dry-run", """
                {"datasetId": "%s", "model": {"hiddenLayers": [8]}, "training": {"epochs": 1000000}}"""
                .formatted(dataset)).status()).isEqualTo(200);
    }

    @Test
    void aCallerWithItsLimitOfActiveJobsGets429UntilOneEnds_andAJobPastItsBudgetFails() {
        String dataset = moons();
        String key = http.postJson("/api/v1/api-keys", "{\"name\": \"busy\", \"role\": \"TRAIN\"}")
                .json().get("key").asString();
        Http busy = http.as(key);
        String longJob = """
                {"datasetId": "%s", "model": {"hiddenLayers": [8]}, "training": {"epochs": 1000000, "batchSize": 1}}"""
                .formatted(dataset);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Http.Response queued = busy.postJson(JOBS, longJob);
            assertThat(queued.status()).as(queued.body()).isEqualTo(202);
            ids.add(queued.json().get("id").asString());
        }
        long jobs = count("training_job");
        Http.Response refused = busy.postJson(JOBS, longJob);
        assertProblem(refused, 429);
        assertThat(refused.header("Retry-After")).isEqualTo("10");
        assertThat(refused.json().get("detail").asString()).contains("2 jobs queued or running",
                "backprop.training.max-active-jobs");
        assertThat(count("training_job")).isEqualTo(jobs);
        // the limit is per caller: another key may still submit
        Http.Response other = http.postJson(JOBS + "/dry-run", longJob);
        assertThat(other.status()).isEqualTo(200);

        // each job stops at its 2 s budget and fails saying so; then the caller may submit again
        for (String id : ids) {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(http.get(JOBS + "/" + id).json().get("status").asString()).isEqualTo("FAILED"));
            JsonNode failed = http.get(JOBS + "/" + id).json();
            assertThat(failed.get("reason").asString()).contains("wall-clock budget", "PT2S",
                    "backprop.training.max-duration");
            assertThat(failed.get("epoch").asInt()).isLessThan(1_000_000);
        }
        Http.Response again = busy.postJson(JOBS, """
                {"datasetId": "%s", "training": {"epochs": 2}}""".formatted(dataset));
        assertThat(again.status()).as(again.body()).isEqualTo(202);
    }

    @Test
    void submissionsRacingPastTheLimitOfActiveJobsAreRefusedAllButTheLimit() throws Exception {
        String dataset = moons();
        Http racer = http.as(http.postJson("/api/v1/api-keys", "{\"name\": \"racer\", \"role\": \"TRAIN\"}")
                .json().get("key").asString());
        String longJob = """
                {"datasetId": "%s", "model": {"hiddenLayers": [8]}, "training": {"epochs": 1000000, "batchSize": 1}}"""
                .formatted(dataset);
        int racers = 12;
        CyclicBarrier start = new CyclicBarrier(racers);
        List<Integer> statuses;
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return racer.postJson(JOBS, longJob).status();
                }));
            }
            statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
        }
        assertThat(statuses).as("statuses").containsOnly(202, 429);
        assertThat(statuses.stream().filter(s -> s == 202).count()).as("accepted of " + statuses).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from training_job j join api_key k"
                + " on j.created_by = concat('key:', k.id) where k.name = 'racer'", Long.class)).isEqualTo(2);
    }

    @Test
    void errorListsStopAtAHundredAndCountTheRest() {
        String dataset = moons();
        // 2 x 300 weights, every one beyond a double's range (read as infinity): 600 problems
        StringBuilder row = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            row.append(i == 0 ? "" : ",").append("1e400");
        }
        row.append(']');
        String weights = "[{\"weights\": [" + row + "," + row + "], \"biases\": " + row.toString().replace("1e400", "0")
                + "}, {\"weights\": " + "[" + "[0,0],".repeat(299) + "[0,0]]" + ", \"biases\": [0, 0]}]";
        Http.Response refused = http.postJson(JOBS, """
                {"datasetId": "%s", "model": {"hiddenLayers": [300], "initialWeights": %s}}""".formatted(dataset, weights));
        assertProblem(refused, 400);
        JsonNode body = refused.json();
        assertThat(body.get("errors")).hasSize(100);
        assertThat(body.get("errorCount").asInt()).isEqualTo(600);
        assertThat(body.get("detail").asString()).isEqualTo("600 problems in the request; errors lists the first 100");
        assertThat(body.get("errors").get(0).get("field").asString()).isEqualTo("model.initialWeights[0].weights[0][0]");
        assertThat(body.get("errors").get(0).get("message").asString()).isEqualTo("must be a finite number");
    }

    @Test
    void jsonBodiesPastTheLimitAre413WhetherTheirLengthIsDeclaredOrNot() {
        long datasets = count("dataset");
        StringBuilder features = new StringBuilder("[[0.5, 0.5]");
        while (features.length() < 70 * 1024) {
            features.append(", [0.5, 0.5]");
        }
        String big = "{\"name\": \"big\", \"features\": " + features + "], \"targets\": [1]}";
        Http.Response declared = http.postJson("/api/v1/datasets", big);
        assertProblem(declared, 413);
        assertThat(declared.json().get("detail").asString()).contains("65536", "backprop.http.max-json-body");
        Http.Response chunked = http.postChunked("/api/v1/datasets", "application/json",
                big.getBytes(StandardCharsets.UTF_8));
        assertProblem(chunked, 413);
        assertThat(chunked.json().get("detail").asString()).contains("backprop.http.max-json-body");
        // under /v2 the protocol's form
        Http.Response protocol = http.postJson("/v2/models/x/infer", "{\"inputs\": [], \"pad\": \"" + "x".repeat(70_000) + "\"}");
        assertThat(protocol.status()).isEqualTo(413);
        assertThat(protocol.json().get("error").asString()).contains("backprop.http.max-json-body");
        assertThat(count("dataset")).isEqualTo(datasets);
        // without a key the body is not read at all: 401, not 413
        assertThat(http.anonymous().postJson("/api/v1/datasets", big).status()).isEqualTo(401);
    }

    @Test
    void tomcatsOwnRejectionsAnswerInTheApisJsonNotHtml() {
        Http.Response badEscape = http.raw("GET", "/api/v1/datasets/%zz");
        assertThat(badEscape.status()).isEqualTo(400);
        assertThat(badEscape.contentType()).startsWith("application/problem+json");
        assertThat(badEscape.json().get("status").asInt()).isEqualTo(400);
        assertThat(badEscape.body()).doesNotContain("<html", "Tomcat");

        Http.Response protocol = http.raw("GET", "/v2/models/%zz");
        assertThat(protocol.status()).isEqualTo(400);
        assertThat(protocol.contentType()).startsWith("application/json");
        assertThat(protocol.json().get("error").asString()).isNotBlank();

        Http.Response longLine = http.raw("GET", "/api/v1/datasets?name=" + "a".repeat(20_000));
        assertThat(longLine.status()).isBetween(400, 499);
        assertThat(longLine.contentType()).startsWith("application/problem+json");
        assertThat(longLine.json().get("status").asInt()).isEqualTo(longLine.status());
        assertThat(longLine.body()).doesNotContain("<html");
    }
}
