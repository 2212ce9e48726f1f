package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.support.Http;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service's own figures in /actuator/prometheus after real work over HTTP: jobs by status, queue
 * wait, job duration and epochs a second; predictions per model with a latency histogram and their
 * rows; the model cache's hits, misses and bytes. Runs once per database (see the subclasses).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class MetricsApiTests {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    /** Each sample line of the exposition, keyed by its name and labels as printed. */
    private Map<String, Double> scrape(Http http) {
        Http.Response response = http.get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        Map<String, Double> samples = new TreeMap<>();
        for (String line : response.body().lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    /** How much a sample grew since {@code before}: the context, and so the registry, may be shared with other tests. */
    private static double grown(Map<String, Double> now, Map<String, Double> before, String sample) {
        return now.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
    }

    @Test
    void jobsPredictionsAndTheModelCacheAreCountedInPrometheusFormat() {
        Http http = new Http(port);
        Map<String, Double> before = scrape(http);
        Http.Response imported = http.postJson("/api/v1/models?name=metered", """
                {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 2,
                 "featureNames": ["a", "b"], "targetNames": ["label"], "labels": ["no", "yes"],
                 "layers": [{"units": 1, "activation": "SIGMOID", "bias": true, "weights": [[10.0], [10.0]], "biases": [-15.0]}]}""");
        assertThat(imported.status()).isEqualTo(201);
        String model = imported.json().get("id").asString();
        for (int i = 0; i < 3; i++) {
            assertThat(http.postJson("/api/v1/models/" + model + "/predict", "{\"inputs\": [[0, 1], [1, 1]]}").status())
                    .isEqualTo(200);
        }
        assertThat(http.postJson("/v2/models/metered/infer", """
                {"inputs": [{"name": "input", "datatype": "FP64", "shape": [4, 2], "data": [0, 0, 0, 1, 1, 0, 1, 1]}]}""")
                .status()).isEqualTo(200);
        Http.Response job = http.postJson("/api/v1/training-jobs", """
                {"dataset": {"name": "xor", "features": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [0, 1, 1, 0]},
                 "training": {"epochs": 50}}""");
        assertThat(job.status()).isEqualTo(202);
        String id = job.json().get("id").asString();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(http.get("/api/v1/training-jobs/" + id).json().get("status").asString()).isEqualTo("SUCCEEDED"));

        // the status counts are read at most once a second
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(grown(scrape(http), before, "backprop_jobs{status=\"SUCCEEDED\"}")).isEqualTo(1.0));
        Map<String, Double> samples = scrape(http);
        assertThat(samples.get("backprop_jobs{status=\"QUEUED\"}")).isEqualTo(0.0);
        assertThat(grown(samples, before, "backprop_jobs_queue_wait_seconds_count")).isEqualTo(1.0);
        assertThat(grown(samples, before, "backprop_jobs_duration_seconds_count{status=\"SUCCEEDED\"}")).isEqualTo(1.0);
        assertThat(grown(samples, before, "backprop_jobs_epochs_rate_epochs_per_second_count{status=\"SUCCEEDED\"}"))
                .isEqualTo(1.0);
        assertThat(grown(samples, before, "backprop_jobs_epochs_rate_epochs_per_second_sum{status=\"SUCCEEDED\"}"))
                .isGreaterThan(0);

        String tags = "{model=\"metered\",version=\"1\"}";
        assertThat(samples.get("backprop_predictions_seconds_count" + tags)).isEqualTo(4.0);
        assertThat(samples.get("backprop_prediction_rows_sum" + tags)).isEqualTo(3 * 2 + 4);
        assertThat(samples.keySet()).anyMatch(name -> name.startsWith("backprop_predictions_seconds_bucket{")
                && name.contains("le=") && name.contains("model=\"metered\""));
        assertThat(grown(samples, before, "backprop_model_cache_requests_total{result=\"miss\"}")).isEqualTo(1.0);
        assertThat(grown(samples, before, "backprop_model_cache_requests_total{result=\"hit\"}")).isEqualTo(3.0);
        assertThat(grown(samples, before, "backprop_model_cache_models")).isEqualTo(1.0);
        assertThat(grown(samples, before, "backprop_model_cache_size_bytes")).isEqualTo(3 * 8 + 4096);

        // the figures are an operator's, not the public's
        assertThat(http.anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
    }
}
