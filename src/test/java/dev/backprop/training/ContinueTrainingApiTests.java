package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.support.Http;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Continuing training from a stored model over real HTTP: the result is the parent's name's next
 * version naming its parent, with its standardization and labels; full-batch SGD continued for 20
 * epochs after 30 gives the very weights of 50 in one go; and every request that does not fit the
 * parent is a 400 that stores nothing. Runs once per database (see the subclasses).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ContinueTrainingApiTests {

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

    private String dataset(String json) {
        return http.create("/api/v1/datasets", json);
    }

    /** Submits a job and waits for it to succeed; returns its model's id. */
    private String trained(String request) {
        Http.Response job = http.postJson(JOBS, request);
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String id = job.json().get("id").asString();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(http.get(JOBS + "/" + id).json().get("status").asString()).as(http.get(JOBS + "/" + id).body())
                        .isEqualTo("SUCCEEDED"));
        return http.get(JOBS + "/" + id).json().get("modelId").asString();
    }

    private static String sgd(int epochs) {
        return "{\"epochs\": " + epochs + ", \"batchSize\": 0, \"shuffle\": false, \"learningRate\": 0.1,"
                + " \"optimizer\": {\"type\": \"SGD\"}, \"seed\": 3}";
    }

    @Test
    void continuedTrainingIsTheParentsNextVersionAndFullBatchSgdPicksUpExactlyWhereItStopped() {
        String moons = dataset("""
                {"name": "moons", "generator": {"type": "moons", "samples": 120, "noise": 0.2, "seed": 4}}""");
        String parent = trained("""
                {"datasetId": "%s", "name": "moons-net", "model": {"hiddenLayers": [4]}, "training": %s}"""
                .formatted(moons, sgd(30)));
        String child = trained("""
                {"datasetId": "%s", "from": {"modelId": "%s"}, "model": {"hiddenLayers": [4], "activation": "TANH"},
                 "training": %s}""".formatted(moons, parent, sgd(20)));
        String direct = trained("""
                {"datasetId": "%s", "name": "moons-direct", "model": {"hiddenLayers": [4]}, "training": %s}"""
                .formatted(moons, sgd(50)));

        JsonNode summary = http.get("/api/v1/models/" + child).json();
        assertThat(summary.get("name").asString()).isEqualTo("moons-net");
        assertThat(summary.get("version").asInt()).isEqualTo(2);
        assertThat(summary.get("parentId").asString()).isEqualTo(parent);
        assertThat(http.get("/api/v1/models/" + parent).json().has("parentId")).isFalse();
        JsonNode parentWeights = http.get("/api/v1/models/" + parent + "/weights").json();
        JsonNode childWeights = http.get("/api/v1/models/" + child + "/weights").json();
        JsonNode directWeights = http.get("/api/v1/models/" + direct + "/weights").json();
        assertThat(childWeights.get("normalization")).isEqualTo(parentWeights.get("normalization"));
        assertThat(childWeights.get("labels")).isEqualTo(parentWeights.get("labels"));
        assertThat(childWeights.get("layers")).isNotEqualTo(parentWeights.get("layers"));
        assertThat(childWeights.get("layers")).as("30 + 20 epochs = 50 epochs, bit for bit")
                .isEqualTo(directWeights.get("layers"));
        assertThat(jdbc.queryForObject("select count(*) from model where parent_id = ?", Long.class,
                java.util.UUID.fromString(parent))).isEqualTo(1);
    }

    @Test
    void theDatasetsColumnsAreMatchedByNameAndItMayHoldFewerClasses() {
        String three = dataset("""
                {"name": "three", "featureNames": ["a", "b"], "features": [[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 1]],
                 "targets": ["x", "y", "z", "x", "z", "y"]}""");
        String parent = trained("""
                {"datasetId": "%s", "name": "abc", "model": {"hiddenLayers": [3]}, "training": {"epochs": 5}}""".formatted(three));
        String reordered = dataset("""
                {"name": "reordered", "featureNames": ["extra", "b", "a"], "features": [[9, 0, 0], [9, 1, 0], [9, 0, 1]],
                 "targets": ["y", "x", "y"]}""");
        Http.Response dryRun = http.postJson(JOBS + "/dry-run", """
                {"datasetId": "%s", "from": {"modelId": "%s"}, "training": {"epochs": 5}}""".formatted(reordered, parent));
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.body()).contains(parent);
        String child = trained("""
                {"datasetId": "%s", "from": {"modelId": "%s"}, "training": {"epochs": 5}}""".formatted(reordered, parent));
        JsonNode summary = http.get("/api/v1/models/" + child).json();
        assertThat(summary.get("featureNames").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(summary.get("labels").toString()).isEqualTo("[\"x\",\"y\",\"z\"]");
        assertThat(summary.get("name").asString()).isEqualTo("abc");
    }

    @Test
    void requestsThatDoNotFitTheParentAreRefusedNamingWhatDiffers_andNothingIsStored() {
        String data = dataset("""
                {"name": "ab", "featureNames": ["a", "b"], "features": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": ["x", "y", "y", "x"]}""");
        String parent = trained("""
                {"datasetId": "%s", "name": "gate", "model": {"hiddenLayers": [3]}, "training": {"epochs": 3}}""".formatted(data));
        String onlyA = dataset("""
                {"name": "only-a", "featureNames": ["a"], "features": [[0], [1]], "targets": ["x", "y"]}""");
        String otherLabels = dataset("""
                {"name": "other-labels", "featureNames": ["a", "b"], "features": [[0, 0], [1, 1]], "targets": ["x", "w"]}""");
        String numbers = dataset("""
                {"name": "numbers", "featureNames": ["a", "b"], "features": [[0, 0], [1, 1]], "targets": [0.5, 1.5]}""");
        long jobs = jdbc.queryForObject("select count(*) from training_job", Long.class);
        long datasets = jdbc.queryForObject("select count(*) from dataset", Long.class);
        String from = "\"from\": {\"modelId\": \"" + parent + "\"}";

        refused("{\"datasetId\": \"" + data + "\", " + from + ", \"model\": {\"hiddenLayers\": [8]}}",
                "model.hiddenLayers", "[8] differs from model " + parent);
        refused("{\"datasetId\": \"" + data + "\", " + from + ", \"model\": {\"hiddenLayers\": [3], \"activation\": \"RELU\"}}",
                "model.hiddenLayers", "[3 TANH]");
        refused("{\"datasetId\": \"" + data + "\", " + from + ", \"model\": {\"output\": {\"activation\": \"SIGMOID\"}}}",
                "model.output", "SOFTMAX");
        refused("{\"datasetId\": \"" + data + "\", " + from + ", \"model\": {\"initialization\": \"HE\"}}",
                "model.initialization", "starting weights");
        refused("{\"datasetId\": \"" + data + "\", " + from + ", \"name\": \"renamed\"}", "name", "next version of 'gate'");
        refused("{\"datasetId\": \"" + onlyA + "\", " + from + "}", "datasetId", "lacks model " + parent + " (gate v1)'s features [b]");
        refused("{\"datasetId\": \"" + otherLabels + "\", " + from + "}", "datasetId", "never saw: [w]");
        refused("{\"datasetId\": \"" + numbers + "\", " + from + "}", "datasetId", "is a CLASSIFICATION model");
        refused("{\"datasetId\": \"" + data + "\", \"from\": {\"modelId\": \"00000000-0000-0000-0000-000000000000\"}}",
                "from.modelId", "no model has id");
        refused("{\"datasetId\": \"" + data + "\", \"from\": {}}", "from.modelId", "");
        refused("{\"dataset\": {\"name\": \"inline\", \"features\": [[0, 0], [1, 1]], \"targets\": [\"x\", \"y\"]}, " + from + "}",
                "dataset", "stored dataset");

        assertThat(jdbc.queryForObject("select count(*) from training_job", Long.class)).isEqualTo(jobs);
        assertThat(jdbc.queryForObject("select count(*) from dataset", Long.class)).isEqualTo(datasets);
    }

    private void refused(String body, String field, String detail) {
        Http.Response response = http.postJson(JOBS, body);
        assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).as(response.body()).contains(field);
        assertThat(response.body()).contains(detail);
    }
}
