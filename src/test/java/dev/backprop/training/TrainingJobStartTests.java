package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.support.Http;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * With polling an hour apart, a job still runs at once: it is started from its submission, not by
 * the poll (db-scheduler's immediate check and the service's after-commit trigger both do that; how
 * soon is measured by bench/job.sh, not timed here). Its history keeps the first epoch, every
 * stride-th and the last, each with its measured loss, and the job reports the last measured figures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:start;DB_CLOSE_DELAY=-1",
        "backprop.scheduler.polling-interval=1h",
        "backprop.training.history-points=10"})
class TrainingJobStartTests {

    @LocalServerPort
    int port;

    @Test
    void aQueuedJobStartsWithoutWaitingForThePollAndKeepsTheEpochsItsHistoryShows() {
        Http http = new Http(port);
        String dataset = http.postJson("/api/v1/datasets", """
                {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}""")
                .json().get("id").asString();
        String id = http.postJson("/api/v1/training-jobs", """
                {"datasetId": "%s", "model": {"hiddenLayers": [3]},
                 "training": {"epochs": 95, "validationFraction": 0.2, "seed": 1}}""".formatted(dataset))
                .json().get("id").asString();

        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(
                () -> http.get("/api/v1/training-jobs/" + id).json(), job -> job.get("status").asString().equals("SUCCEEDED"));

        assertThat(done.get("epoch").asInt()).isEqualTo(95);
        assertThat(done.has("trainLoss")).isTrue();
        assertThat(done.has("validationLoss")).isTrue();
        JsonNode points = http.get("/api/v1/training-jobs/" + id + "/history").json().get("points");
        // 95 epochs in at most 10 points: the first, every 10th, the last
        assertThat(points.valueStream().map(p -> p.get("epoch").asInt()).toList())
                .containsExactly(1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95);
        assertThat(points.valueStream().allMatch(p -> p.has("trainLoss") && p.has("validationLoss"))).isTrue();
        assertThat(points.get(10).get("trainLoss").asDouble()).isEqualTo(done.get("trainLoss").asDouble());
    }
}
