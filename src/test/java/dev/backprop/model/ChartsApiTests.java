package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.support.Http;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The pictures over HTTP: a job's loss and metric curves (PNG and SVG), a model's confusion matrix
 * and decision boundary (PNG): content type, the size asked for, a drawing rather than a blank, a
 * different model giving a different image, and the limits. Copies go to target/charts/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:charts;DB_CLOSE_DELAY=-1")
class ChartsApiTests {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private JsonNode trained(String dataset, int hidden, long seed) {
        String id = http.create("/api/v1/training-jobs", """
                {"datasetId": "%s", "model": {"hiddenLayers": [%d]},
                 "training": {"epochs": 200, "validationFraction": 0.2, "seed": %d}}""".formatted(dataset, hidden, seed));
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(http.get("/api/v1/training-jobs/" + id).json().get("status").asString()).isEqualTo("SUCCEEDED"));
        return http.get("/api/v1/training-jobs/" + id).json();
    }

    /** The PNG at {@code path}, checked for type and size, kept under target/charts/. */
    private BufferedImage png(String path, int width, int height, String name) throws IOException {
        Http.Download image = http.download(path);
        assertThat(image.status()).as(path + ": " + new String(image.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(image.header("Content-Type")).isEqualTo("image/png");
        Files.createDirectories(Path.of("target", "charts"));
        Files.write(Path.of("target", "charts", name + ".png"), image.body());
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat(read.getWidth()).isEqualTo(width);
        assertThat(read.getHeight()).isEqualTo(height);
        assertThat(colours(read)).as("a drawing, not a blank").isGreaterThan(8);
        return read;
    }

    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static boolean same(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void refused(String path, int status, String detail) {
        Http.Response response = http.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).contains(detail);
    }

    @Test
    void aJobsCurvesComeAsPngOrSvgOfTheSizeAsked() throws IOException {
        String moons = http.create("/api/v1/datasets", """
                {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 1}}""");
        JsonNode job = trained(moons, 6, 3);
        String chart = "/api/v1/training-jobs/" + job.get("id").asString() + "/history/chart";
        assertThat(job.get("charts").get("loss").asString()).isEqualTo(chart + "?curve=LOSS");
        png(job.get("charts").get("metric").asString(), 800, 500, "job-metric-linked");
        png(chart + "?width=640&height=400", 640, 400, "job-loss");
        png(chart + "?curve=METRIC", 800, 500, "job-metric");
        Http.Response svg = http.get(chart + "?format=SVG");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.contentType()).startsWith("image/svg+xml");
        assertThat(svg.body()).contains("<svg").contains("</svg>");
        Files.writeString(Path.of("target", "charts", "job-loss.svg"), svg.body());

        // the job's boundary: its model's, with its dataset's points
        png("/api/v1/training-jobs/" + job.get("id").asString() + "/charts/decision-boundary?x=x1&y=x2", 560, 420,
                "job-boundary");
        // while a job runs: its network as it stands, every couple of seconds; none before the first snapshot
        String running = http.create("/api/v1/training-jobs", """
                {"datasetId": "%s", "model": {"hiddenLayers": [16]}, "training": {"epochs": 1000000, "batchSize": 1}}"""
                .formatted(moons));
        String live = "/api/v1/training-jobs/" + running + "/charts/decision-boundary?x=x1&y=x2";
        refused(live, 404, "Decision boundary of job");
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> http.download(live).status() == 200);
        assertThat(http.get("/api/v1/training-jobs/" + running).json().get("status").asString()).isEqualTo("RUNNING");
        png(live, 560, 420, "job-boundary-running");
        http.postJson("/api/v1/training-jobs/" + running + "/cancel", "{}");
        await().atMost(DEADLINE).until(() -> http.get("/api/v1/training-jobs/" + running).json().get("status")
                .asString().equals("CANCELLED"));
        refused(live, 404, "Decision boundary of job");

        refused(chart + "?width=5000", 400, "width");
        refused(chart + "?height=100", 400, "height");
        refused(chart + "?curve=ACCURACY", 400, "curve");
        refused("/api/v1/training-jobs/00000000-0000-0000-0000-000000000000/history/chart", 404, "Training job");
    }

    @Test
    void aModelsConfusionMatrixAndDecisionBoundaryArePicturesOfThatModel() throws IOException {
        String moons = http.create("/api/v1/datasets", """
                {"name": "moons", "generator": {"type": "moons", "samples": 300, "noise": 0.2, "seed": 2}}""");
        String first = trained(moons, 8, 1).get("modelId").asString();
        String second = trained(moons, 2, 9).get("modelId").asString();
        JsonNode summary = http.get("/api/v1/models/" + first).json();
        String x = summary.get("featureNames").get(0).asString();
        String y = summary.get("featureNames").get(1).asString();
        // the JSON links to the pictures
        assertThat(summary.get("charts").get("confusionMatrix").asString())
                .isEqualTo("/api/v1/models/" + first + "/charts/confusion-matrix");
        png(summary.get("charts").get("decisionBoundary").asString(), 700, 560, "boundary-linked");

        png("/api/v1/models/" + first + "/charts/confusion-matrix", 600, 500, "confusion-validation");
        png("/api/v1/models/" + first + "/charts/confusion-matrix?split=TRAIN&width=400&height=400", 400, 400, "confusion-train");
        BufferedImage a = png("/api/v1/models/" + first + "/charts/decision-boundary?x=" + x + "&y=" + y, 700, 560,
                "boundary-first");
        BufferedImage b = png("/api/v1/models/" + second + "/charts/decision-boundary?x=" + x + "&y=" + y, 700, 560,
                "boundary-second");
        assertThat(same(a, b)).as("two models, two boundaries").isFalse();
        assertThat(same(a, png("/api/v1/models/" + first + "/charts/decision-boundary?x=" + x + "&y=" + y, 700, 560,
                "boundary-first-again"))).as("the same model, the same picture").isTrue();

        BufferedImage withPoints = png("/api/v1/models/" + first + "/charts/decision-boundary?x=" + x + "&y=" + y
                + "&dataset=" + moons, 700, 560, "boundary-with-points");
        assertThat(same(a, withPoints)).as("the points drawn over the boundary").isFalse();
        refused("/api/v1/models/" + first + "/charts/decision-boundary?x=" + x + "&y=" + y
                + "&dataset=00000000-0000-0000-0000-000000000000", 400, "no dataset has id");

        refused("/api/v1/models/" + first + "/charts/confusion-matrix?split=EVALUATION", 400, "no evaluation yet");
        http.create("/api/v1/models/" + first + "/evaluations", "{\"datasetId\": \"" + moons + "\"}");
        png("/api/v1/models/" + first + "/charts/confusion-matrix?split=EVALUATION", 600, 500, "confusion-evaluation");
        refused("/api/v1/models/" + first + "/charts/decision-boundary?x=nope&y=" + y, 400, "no feature [nope]");
        refused("/api/v1/models/" + first + "/charts/decision-boundary?x=" + x + "&y=" + x, 400, "another feature");
        refused("/api/v1/models/" + first + "/charts/decision-boundary?x=" + x + "&y=" + y + "&resolution=1000", 400,
                "resolution");
        refused("/api/v1/models/" + first + "/charts/decision-boundary?x=" + x, 400, "y");

        String regression = http.create("/api/v1/models?name=line", """
                {"format": "backprop-model", "version": 1, "task": "REGRESSION", "inputs": 2,
                 "featureNames": ["a", "b"], "targetNames": ["y"], "labels": [],
                 "layers": [{"units": 1, "activation": "IDENTITY", "bias": true, "weights": [[2.0], [-1.0]], "biases": [0.5]}]}""");
        png("/api/v1/models/" + regression + "/charts/decision-boundary?x=a&y=b", 700, 560, "regression-surface");
        refused("/api/v1/models/" + regression + "/charts/confusion-matrix", 400, "regression");
        assertThat(http.get("/api/v1/models/" + regression).json().get("charts").has("confusionMatrix")).isFalse();
    }
}
