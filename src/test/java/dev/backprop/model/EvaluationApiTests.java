package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.backprop.support.Http;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Evaluations over real HTTP: a model scored on a dataset it never saw, the figures checked against
 * the model's own predictions fetched through /predict, what was stored, and every refusal. Runs
 * once per database (see the subclasses). Small chunks make the held-out set span many of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "backprop.datasets.chunk-size=4KB")
abstract class EvaluationApiTests {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

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

    private long evaluations() {
        return jdbc.queryForObject("select count(*) from evaluation", Long.class);
    }

    private String trainedMoons() {
        String train = dataset("""
                {"name": "moons-train", "generator": {"type": "moons", "samples": 400, "noise": 0.2, "seed": 1}}""");
        Http.Response job = http.postJson("/api/v1/training-jobs", """
                {"datasetId": "%s", "model": {"hiddenLayers": [8]}, "training": {"epochs": 300, "seed": 5}}"""
                .formatted(train));
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        String jobId = job.json().get("id").asString();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(http.get("/api/v1/training-jobs/" + jobId).json().get("status").asString()).isEqualTo("SUCCEEDED"));
        return http.get("/api/v1/training-jobs/" + jobId).json().get("modelId").asString();
    }

    @Test
    void aClassifierScoredOnHeldOutRowsMatchesItsOwnPredictionsAndIsStored() {
        String model = trainedMoons();
        String heldOut = dataset("""
                {"name": "moons-held-out", "generator": {"type": "moons", "samples": 2500, "noise": 0.2, "seed": 2}}""");
        long before = evaluations();

        Http.Response created = http.postJson("/api/v1/models/" + model + "/evaluations",
                "{\"datasetId\": \"" + heldOut + "\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode evaluation = created.json();
        String id = evaluation.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/models/" + model + "/evaluations/" + id);
        assertThat(evaluation.get("modelId").asString()).isEqualTo(model);
        assertThat(evaluation.get("datasetId").asString()).isEqualTo(heldOut);
        assertThat(evaluation.get("datasetName").asString()).isEqualTo("moons-held-out");
        assertThat(evaluation.get("rows").asLong()).isEqualTo(2500);
        assertThat(evaluation.get("createdBy").asString()).startsWith("key:");
        JsonNode metrics = evaluation.get("metrics");
        assertThat(metrics.get("task").asString()).isEqualTo("CLASSIFICATION");

        // the same figures from the model's predictions on the same rows, fetched page by page
        List<String> labels = new ArrayList<>();
        http.get("/api/v1/models/" + model).json().get("labels").forEach(l -> labels.add(l.asString()));
        long correct = 0;
        double logLoss = 0;
        long[][] confusion = new long[2][2];
        for (int page = 0; page < 3; page++) {
            JsonNode rows = http.get("/api/v1/datasets/" + heldOut + "/rows?size=1000&page=" + page).json().get("content");
            StringBuilder inputs = new StringBuilder("{\"inputs\": [");
            for (JsonNode row : rows) {
                inputs.append(inputs.length() > 12 ? "," : "").append(row.get("features"));
            }
            JsonNode predictions = http.postJson("/api/v1/models/" + model + "/predict", inputs + "]}").json()
                    .get("predictions");
            for (int r = 0; r < rows.size(); r++) {
                String truth = rows.get(r).get("label").asString();
                JsonNode prediction = predictions.get(r);
                correct += truth.equals(prediction.get("label").asString()) ? 1 : 0;
                double p = prediction.get("probabilities").get(truth).asDouble();
                logLoss -= Math.log(Math.min(Math.max(p, 1e-15), 1 - 1e-15));
                confusion[labels.indexOf(truth)][labels.indexOf(prediction.get("label").asString())]++;
            }
        }
        assertThat(metrics.get("accuracy").asDouble()).isEqualTo(correct / 2500.0).isGreaterThan(0.8);
        assertThat(metrics.get("logLoss").asDouble()).isCloseTo(logLoss / 2500, within(1e-9));
        assertThat(metrics.get("rocAuc").asDouble()).isBetween(0.9, 1.0);
        for (int t = 0; t < 2; t++) {
            for (int p = 0; p < 2; p++) {
                assertThat(metrics.get("confusion").get(t).get(p).asLong()).as("confusion[%d][%d]", t, p)
                        .isEqualTo(confusion[t][p]);
            }
            JsonNode figures = metrics.get("classes").get(t);
            assertThat(figures.get("label").asString()).isEqualTo(labels.get(t));
            assertThat(figures.get("support").asLong()).isEqualTo(confusion[t][0] + confusion[t][1]);
            double precision = (double) confusion[t][t] / (confusion[0][t] + confusion[1][t]);
            double recall = (double) confusion[t][t] / (confusion[t][0] + confusion[t][1]);
            assertThat(figures.get("precision").asDouble()).isCloseTo(precision, within(1e-12));
            assertThat(figures.get("recall").asDouble()).isCloseTo(recall, within(1e-12));
            assertThat(figures.get("f1").asDouble()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-12));
        }

        // stored: listed for the model, fetched alone, shown on the model
        assertThat(evaluations()).isEqualTo(before + 1);
        JsonNode listed = http.get("/api/v1/models/" + model + "/evaluations").json();
        assertThat(listed.get("totalElements").asLong()).isEqualTo(1);
        assertThat(listed.get("content").get(0)).isEqualTo(evaluation);
        assertThat(http.get("/api/v1/models/" + model + "/evaluations/" + id).json()).isEqualTo(evaluation);
        assertThat(http.get("/api/v1/models/" + model).json().get("latestEvaluation")).isEqualTo(evaluation);
        assertThat(http.get("/api/v1/models?size=200").body()).doesNotContain("latestEvaluation");

        // and gone with the model
        assertThat(http.delete("/api/v1/models/" + model).status()).isEqualTo(204);
        assertThat(evaluations()).isEqualTo(before);
        assertThat(http.get("/api/v1/models/" + model + "/evaluations").status()).isEqualTo(404);
    }

    private String importedRegression() {
        // y = 2a - b + 1, with b's weight off by 0.5 so the fit is not perfect
        Http.Response imported = http.postJson("/api/v1/models?name=linear", """
                {"format": "backprop-model", "version": 1, "task": "REGRESSION", "inputs": 2,
                 "featureNames": ["a", "b"], "targetNames": ["y"], "labels": [],
                 "layers": [{"units": 1, "activation": "IDENTITY", "bias": true, "weights": [[2.0], [-0.5]], "biases": [1.0]}]}""");
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        return imported.json().get("id").asString();
    }

    @Test
    void aRegressionIsScoredWithColumnsMatchedByNameInAnyOrder() {
        String model = importedRegression();
        // columns in another order, an extra feature, two targets of which the model knows one
        String data = dataset("""
                {"name": "linear-held-out", "featureNames": ["b", "extra", "a"], "targetNames": ["z", "y"],
                 "features": [[1, 9, 0], [2, 9, 1], [0, 9, 2], [4, 9, 3]],
                 "targets": [[0, 0], [0, 1], [0, 5], [0, 3]]}""");
        Http.Response created = http.postJson("/api/v1/models/" + model + "/evaluations", "{\"datasetId\": \"" + data + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode metrics = created.json().get("metrics");
        // predictions 2a - 0.5b + 1: 0.5, 2, 5, 5; truths 0, 1, 5, 3
        double mse = (0.25 + 1 + 0 + 4) / 4;
        double mae = (0.5 + 1 + 0 + 2) / 4;
        double mean = (0 + 1 + 5 + 3) / 4.0;
        double total = Math.pow(0 - mean, 2) + Math.pow(1 - mean, 2) + Math.pow(5 - mean, 2) + Math.pow(3 - mean, 2);
        assertThat(metrics.get("task").asString()).isEqualTo("REGRESSION");
        assertThat(metrics.get("mse").asDouble()).isCloseTo(mse, within(1e-12));
        assertThat(metrics.get("mae").asDouble()).isCloseTo(mae, within(1e-12));
        assertThat(metrics.get("r2").asDouble()).isCloseTo(1 - 4 * mse / total, within(1e-12));
        assertThat(metrics.get("targets").get(0).get("name").asString()).isEqualTo("y");
        assertThat(metrics.has("accuracy")).isFalse();
    }

    @Test
    void datasetsThatDoNotFitTheModelAreRefusedNamingWhatIsWrong_andNothingIsStored() {
        String model = importedRegression();
        String classifier = http.postJson("/api/v1/models?name=gate", """
                {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 2,
                 "featureNames": ["a", "b"], "targetNames": ["label"], "labels": ["no", "yes"],
                 "layers": [{"units": 1, "activation": "SIGMOID", "bias": true, "weights": [[10.0], [10.0]], "biases": [-15.0]}]}""")
                .json().get("id").asString();
        String lacksB = dataset("""
                {"name": "only-a", "featureNames": ["a"], "targetNames": ["y"], "features": [[0], [1]], "targets": [0.5, 1.5]}""");
        String labelled = dataset("""
                {"name": "gates", "featureNames": ["a", "b"], "features": [[0, 0], [1, 1], [1, 0]], "targets": ["no", "maybe", "yes"]}""");
        String otherTarget = dataset("""
                {"name": "other-target", "featureNames": ["a", "b"], "targetNames": ["w"], "features": [[0, 0], [1, 1]],
                 "targets": [0.5, 1.5]}""");
        long before = evaluations();

        assertRefused(http.postJson("/api/v1/models/" + model + "/evaluations", "{\"datasetId\": \"" + lacksB + "\"}"),
                400, "lacks the model's features [b]");
        assertRefused(http.postJson("/api/v1/models/" + model + "/evaluations", "{\"datasetId\": \"" + otherTarget + "\"}"),
                400, "lacks the model's targets [y]");
        assertRefused(http.postJson("/api/v1/models/" + model + "/evaluations", "{\"datasetId\": \"" + labelled + "\"}"),
                400, "has class labels (CLASSIFICATION)");
        assertRefused(http.postJson("/api/v1/models/" + classifier + "/evaluations", "{\"datasetId\": \"" + labelled + "\"}"),
                400, "class labels the model never saw: [maybe]");
        assertRefused(http.postJson("/api/v1/models/" + classifier + "/evaluations", "{\"datasetId\": \"" + otherTarget + "\"}"),
                400, "numeric targets (REGRESSION)");
        assertRefused(http.postJson("/api/v1/models/" + model + "/evaluations",
                "{\"datasetId\": \"00000000-0000-0000-0000-000000000000\"}"), 400, "no dataset has id");
        assertRefused(http.postJson("/api/v1/models/" + model + "/evaluations", "{}"), 400, "datasetId");
        assertRefused(http.postJson("/api/v1/models/00000000-0000-0000-0000-000000000000/evaluations",
                "{\"datasetId\": \"" + lacksB + "\"}"), 404, "Model");
        assertRefused(http.get("/api/v1/models/" + model + "/evaluations/00000000-0000-0000-0000-000000000000"),
                404, "Evaluation");
        assertThat(evaluations()).isEqualTo(before);

        // a sigmoid classifier's two labels: scored as two classes, with a ROC AUC
        String gates = dataset("""
                {"name": "gates-known", "featureNames": ["b", "a"], "features": [[0, 0], [1, 1], [0, 1], [1, 0]],
                 "targets": ["no", "yes", "no", "no"]}""");
        Http.Response scored = http.postJson("/api/v1/models/" + classifier + "/evaluations", "{\"datasetId\": \"" + gates + "\"}");
        assertThat(scored.status()).as(scored.body()).isEqualTo(201);
        assertThat(scored.json().get("metrics").get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(scored.json().get("metrics").get("rocAuc").asDouble()).isEqualTo(1.0);
    }

    private static void assertRefused(Http.Response response, int status, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(detail);
    }
}
