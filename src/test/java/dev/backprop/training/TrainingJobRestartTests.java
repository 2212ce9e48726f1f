package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Jobs survive their instance: a stopped instance hands a running job back, a dead one loses it to a live one. */
class TrainingJobRestartTests {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static ConfigurableApplicationContext start(String url) {
        // command-line arguments: they outrank application.yml, default properties would not
        return new SpringApplicationBuilder(BackpropApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--backprop.scheduler.polling-interval=100ms",
                "--backprop.scheduler.heartbeat-interval=250ms", "--backprop.scheduler.missed-heartbeats=4",
                "--backprop.training.progress-interval=100ms", "--backprop.training.checkpoint-interval=200ms");
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static String moons(Http http) {
        return http.postJson("/api/v1/datasets", """
                {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}""")
                .json().get("id").asString();
    }

    private static JsonNode awaitJob(Http http, String id, String status) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            job[0] = http.get("/api/v1/training-jobs/" + id).json();
            assertThat(job[0].get("status").asString()).isEqualTo(status);
        });
        return job[0];
    }

    @Test
    void aJobRunningWhenItsInstanceStopsCompletesAfterARestart(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE";
        String id;
        try (ConfigurableApplicationContext first = start(url)) {
            Http http = http(first);
            id = http.postJson("/api/v1/training-jobs", """
                    {"datasetId": "%s", "model": {"hiddenLayers": [64]}, "training": {"epochs": 4000}}"""
                    .formatted(moons(http))).json().get("id").asString();
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(
                    http.get("/api/v1/training-jobs/" + id).json().get("epoch").asInt()).isGreaterThan(0));
        }
        try (ConfigurableApplicationContext second = start(url)) {
            Http http = http(second);
            JsonNode done = awaitJob(http, id, "SUCCEEDED");
            assertThat(done.get("epoch").asInt()).isEqualTo(4000);
            TrainingJob job = second.getBean(TrainingJobRepository.class).findById(UUID.fromString(id)).orElseThrow();
            assertThat(job.attempts()).isEqualTo(2);
            JsonNode points = http.get("/api/v1/training-jobs/" + id + "/history").json().get("points");
            // the first epoch, then every 4th up to the last
            assertThat(points.size()).isEqualTo(1001);
            assertThat(points.get(0).get("epoch").asInt()).isEqualTo(1);
            assertThat(points.get(1).get("epoch").asInt()).isEqualTo(4);
            assertThat(points.get(1000).get("epoch").asInt()).isEqualTo(4000);
            assertThat(points.valueStream().allMatch(p -> p.has("trainLoss"))).isTrue();
            assertThat(http.get("/api/v1/models/" + done.get("modelId").asString()).status()).isEqualTo(200);
        }
    }

    @Test
    void aJobWhoseInstanceDiedIsRunAgainByALiveOne(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (ConfigurableApplicationContext live = start(url)) {
            Http http = http(live);
            String dataset = moons(http);
            String request = "{\"datasetId\":\"" + dataset + "\",\"training\":{\"epochs\":50,\"seed\":5}}";
            // the plan the service stored when it accepted the job is what its dry run shows, less "valid"
            ObjectNode plan = (ObjectNode) http.postJson("/api/v1/training-jobs/dry-run", request).json();
            plan.remove("valid");
            JdbcTemplate jdbc = live.getBean(JdbcTemplate.class);
            UUID id = orphan(jdbc, dataset, request, plan.toString());
            // a job stored before plans were kept cannot be run as it was accepted: it fails and says so
            UUID old = orphan(jdbc, dataset, request, null);

            JsonNode done = awaitJob(http, id.toString(), "SUCCEEDED");

            assertThat(done.get("epoch").asInt()).isEqualTo(50);
            assertThat(live.getBean(TrainingJobRepository.class).findById(id).orElseThrow().attempts()).isEqualTo(2);
            assertThat(awaitJob(http, old.toString(), "FAILED").get("reason").asString()).endsWith("submit it again");
        }
    }

    @Test
    void aRunWhoseExecutionChangedHandsStopsAtItsNextWriteAndTheJobGoesOnFromItsCheckpoint(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE";
        try (ConfigurableApplicationContext context = start(url)) {
            Http http = http(context);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            String spec = """
                    {"datasetId": "%s", "model": {"hiddenLayers": [64]}, "training": {"epochs": 4000, "seed": 3}}"""
                    .formatted(moons(http));
            String id = http.postJson("/api/v1/training-jobs", spec).json().get("id").asString();
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM training_checkpoint WHERE job_id = ?", Integer.class, UUID.fromString(id)) > 0);
            // what another instance's takeover leaves in the scheduler's table: the execution's version raised
            jdbc.update("UPDATE scheduled_tasks SET version = version + 1 WHERE task_instance = ?", id);

            // the run here stops at its next write; past the heartbeat limit the execution is revived, and
            // picked again, and the job goes on from its checkpoint
            JsonNode done = awaitJob(http, id, "SUCCEEDED");
            assertThat(done.get("epoch").asInt()).isEqualTo(4000);
            assertThat(done.get("resumedFromEpoch").asInt()).isPositive();
            assertThat(context.getBean(TrainingJobRepository.class).findById(UUID.fromString(id)).orElseThrow().attempts())
                    .isEqualTo(2);
            JsonNode points = http.get("/api/v1/training-jobs/" + id + "/history").json().get("points");
            assertThat(points.valueStream().map(p -> p.get("epoch").asInt()).toList())
                    .hasSize(1001).isSortedAccordingTo(Integer::compare).doesNotHaveDuplicates();
            String uninterrupted = http.postJson("/api/v1/training-jobs", spec).json().get("id").asString();
            assertThat(weights(http, done)).isEqualTo(weights(http, awaitJob(http, uninterrupted, "SUCCEEDED")));
        }
    }

    private static JsonNode weights(Http http, JsonNode job) {
        return http.get("/api/v1/models/" + job.get("modelId").asString() + "/weights").json().get("layers");
    }

    /** What a crashed instance leaves behind: the job RUNNING, its execution picked, its heartbeat stale. */
    private static UUID orphan(JdbcTemplate jdbc, String dataset, String request, String plan) {
        UUID id = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        jdbc.update("INSERT INTO training_job (id, name, dataset_id, status, request, plan, seed, total_epochs, epoch,"
                + " cancel_requested, attempts, created_at, started_at) VALUES (?, 'orphan', ?, 'RUNNING', ?, ?, 5, 50,"
                + " 7, FALSE, 1, ?, ?)", id, UUID.fromString(dataset), request, plan, Timestamp.from(longAgo),
                Timestamp.from(longAgo));
        jdbc.update("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by,"
                + " last_heartbeat, version) VALUES ('training-job', ?, ?, TRUE, 'crashed-instance', ?, 1)",
                id.toString(), Timestamp.from(longAgo), Timestamp.from(longAgo));
        return id;
    }
}
