package dev.backprop.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Training jobs through the API, for tests that start service instances themselves. */
public final class Jobs {

    private Jobs() {
    }

    /** Submits a job and returns its id, asserting it was accepted. */
    public static String submit(Http http, String spec) {
        Http.Response response = http.postJson("/api/v1/training-jobs", spec);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    /** Waits until the job ends, within {@code deadline}, and asserts it SUCCEEDED; returns the ended job. */
    public static JsonNode succeeded(Http http, String id, Duration deadline) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(deadline).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            job[0] = http.get("/api/v1/training-jobs/" + id).json();
            assertThat(job[0].get("status").asString()).as(job[0].toString()).isIn("SUCCEEDED", "FAILED", "CANCELLED");
        });
        assertThat(job[0].get("status").asString()).as(job[0].toString()).isEqualTo("SUCCEEDED");
        return job[0];
    }
}
