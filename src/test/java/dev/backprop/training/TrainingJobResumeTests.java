package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Resume, not restart: a job whose instance stops, or dies, continues from its last checkpoint and
 * ends on the very weights of an uninterrupted run of the same seed and spec - shuffled mini-batches,
 * dropout, Adam and a validation split included. Timings are printed for the record.
 */
abstract class TrainingJobResumeTests {

    /** The arguments that point an instance at this class's database, a fresh one per test. */
    abstract List<String> database(Path dir);

    /** Drops what {@link #database} made, if anything outlives the test. */
    void dropDatabase() throws Exception {
    }

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String JOBS = "/api/v1/training-jobs";

    private static ConfigurableApplicationContext start(List<String> database) {
        List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=0",
                "--backprop.scheduler.polling-interval=100ms", "--backprop.scheduler.heartbeat-interval=250ms",
                "--backprop.scheduler.missed-heartbeats=4", "--backprop.training.progress-interval=100ms",
                "--backprop.training.checkpoint-interval=200ms"));
        arguments.addAll(database);
        // command-line arguments: they outrank application.yml, default properties would not
        return new SpringApplicationBuilder(BackpropApplication.class).run(arguments.toArray(String[]::new));
    }

    @org.junit.jupiter.api.AfterEach
    void drop() throws Exception {
        dropDatabase();
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static String request(String dataset, String name) {
        return """
                {"datasetId": "%s", "name": "%s",
                 "model": {"layers": [{"units": 24, "activation": "TANH", "dropout": 0.1}]},
                 "training": {"epochs": 12000, "batchSize": 16, "shuffle": true, "optimizer": {"type": "ADAM"},
                              "learningRate": 0.005, "validationFraction": 0.2, "seed": 9,
                              "earlyStopping": {"enabled": false}}}""".formatted(dataset, name);
    }

    private static String moons(Http http) {
        return http.create("/api/v1/datasets", """
                {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}""");
    }

    private static JsonNode awaitJob(Http http, String id, String status) {
        JsonNode[] job = new JsonNode[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            job[0] = http.get(JOBS + "/" + id).json();
            assertThat(job[0].get("status").asString()).isEqualTo(status);
        });
        return job[0];
    }

    private static JsonNode weights(Http http, JsonNode job) {
        return http.get("/api/v1/models/" + job.get("modelId").asString() + "/weights").json().get("layers");
    }

    private static Map<String, Object> checkpoint(JdbcTemplate jdbc, String job) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT epoch, state, best_epoch, best_loss FROM training_checkpoint WHERE job_id = ?", UUID.fromString(job));
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private static double checkpointsWritten(Http http) {
        return http.get("/actuator/prometheus").body().lines().filter(l -> l.startsWith("backprop_jobs_checkpoints_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    void aJobWhoseInstanceStopsResumesFromItsCheckpointAndEndsOnTheUninterruptedWeights(@TempDir Path dir) {
        List<String> url = database(dir);
        String id;
        String dataset;
        int checkpointed;
        long stoppedAt;
        try (ConfigurableApplicationContext first = start(url)) {
            Http http = http(first);
            dataset = moons(http);
            id = http.create(JOBS, request(dataset, "resumed"));
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> checkpoint(jdbc, id) != null);
            checkpointed = ((Number) checkpoint(jdbc, id).get("EPOCH")).intValue();
            stoppedAt = System.nanoTime();
        }
        try (ConfigurableApplicationContext second = start(url)) {
            Http http = http(second);
            JsonNode resumed = awaitJob(http, id, "SUCCEEDED");
            double resumeSeconds = (System.nanoTime() - stoppedAt) / 1e9;
            assertThat(resumed.get("resumedFromEpoch").asInt()).isGreaterThanOrEqualTo(checkpointed).isLessThan(12000);
            assertThat(resumed.get("epoch").asInt()).isEqualTo(12000);
            assertThat(second.getBean(TrainingJobRepository.class).findById(UUID.fromString(id)).orElseThrow().attempts())
                    .isEqualTo(2);
            assertThat(checkpoint(second.getBean(JdbcTemplate.class), id)).as("dropped when the job ends").isNull();

            double checkpointsBefore = checkpointsWritten(http);
            long start = System.nanoTime();
            JsonNode reference = awaitJob(http, http.create(JOBS, request(dataset, "uninterrupted")), "SUCCEEDED");
            double referenceSeconds = (System.nanoTime() - start) / 1e9;
            // a first run drops the checkpoints it wrote, and only then skips the delete
            assertThat(checkpointsWritten(http)).as("the uninterrupted run wrote checkpoints").isGreaterThan(checkpointsBefore);
            assertThat(checkpoint(second.getBean(JdbcTemplate.class), reference.get("id").asString()))
                    .as("dropped when the job ends").isNull();
            assertThat(weights(http, resumed)).as("bit for bit").isEqualTo(weights(http, reference));
            assertThat(reference.has("resumedFromEpoch")).isFalse();
            assertThat(http.get("/actuator/prometheus").body()).containsPattern("backprop_jobs_checkpoints_total [1-9]");
            // the history is whole: the points before the checkpoint kept, those after written once
            JsonNode points = http.get(JOBS + "/" + id + "/history").json().get("points");
            JsonNode referencePoints = http.get(JOBS + "/" + reference.get("id").asString() + "/history").json().get("points");
            assertThat(points.size()).isEqualTo(referencePoints.size());
            assertThat(points.get(points.size() - 1)).isEqualTo(referencePoints.get(referencePoints.size() - 1));
            System.out.printf("resume after stop: checkpoint at epoch %d, resumed from %d; restart to done %.1f s,"
                    + " uninterrupted run %.1f s%n", checkpointed, resumed.get("resumedFromEpoch").asInt(), resumeSeconds,
                    referenceSeconds);
        }
    }

    @Test
    void aJobWhoseInstanceDiedResumesOnALiveOneFromItsCheckpoint(@TempDir Path dir) {
        List<String> url = database(dir);
        try (ConfigurableApplicationContext live = start(url)) {
            Http http = http(live);
            JdbcTemplate jdbc = live.getBean(JdbcTemplate.class);
            String dataset = moons(http);
            // the uninterrupted run, whose checkpoint half way is what a dead instance would have left
            String reference = http.create(JOBS, request(dataset, "uninterrupted"));
            Map<String, Object>[] saved = new Map[1];
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10)).until(() -> {
                saved[0] = checkpoint(jdbc, reference);
                return saved[0] != null && ((Number) saved[0].get("EPOCH")).intValue() >= 3000;
            });
            JsonNode done = awaitJob(http, reference, "SUCCEEDED");

            // what a crashed instance leaves: the job RUNNING, its execution picked, its heartbeat stale, its checkpoint
            UUID orphan = UUID.randomUUID();
            Instant longAgo = Instant.now().minus(Duration.ofHours(1));
            jdbc.update("INSERT INTO training_job (id, name, dataset_id, status, request, plan, seed, total_epochs, epoch,"
                    + " cancel_requested, attempts, created_at, started_at, created_by) SELECT ?, 'orphan', dataset_id,"
                    + " 'RUNNING', request, plan, seed, total_epochs, ?, FALSE, 1, ?, ?, created_by FROM training_job WHERE id = ?",
                    orphan, saved[0].get("EPOCH"), Timestamp.from(longAgo), Timestamp.from(longAgo), UUID.fromString(reference));
            jdbc.update("INSERT INTO training_checkpoint (job_id, epoch, state, best_epoch, best_loss, written_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", orphan, saved[0].get("EPOCH"), saved[0].get("STATE"),
                    saved[0].get("BEST_EPOCH"), saved[0].get("BEST_LOSS"), Timestamp.from(longAgo));
            jdbc.update("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by,"
                    + " last_heartbeat, version) VALUES ('training-job', ?, ?, TRUE, 'crashed-instance', ?, 1)",
                    orphan.toString(), Timestamp.from(longAgo), Timestamp.from(longAgo));

            long start = System.nanoTime();
            // from its first answer as a revived run, the job stands at its checkpoint's epoch or later
            List<String> earlier = new ArrayList<>();
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
                JsonNode now = http.get(JOBS + "/" + orphan).json();
                if (now.hasNonNull("resumedFromEpoch") && now.get("epoch").asInt() < now.get("resumedFromEpoch").asInt()) {
                    earlier.add(now.toString());
                }
                return now.get("status").asString().equals("SUCCEEDED");
            });
            assertThat(earlier).as("answers behind the checkpoint").isEmpty();
            JsonNode revived = awaitJob(http, orphan.toString(), "SUCCEEDED");
            double reviveSeconds = (System.nanoTime() - start) / 1e9;
            assertThat(revived.get("resumedFromEpoch").asInt()).isEqualTo(((Number) saved[0].get("EPOCH")).intValue());
            assertThat(weights(http, revived)).as("bit for bit").isEqualTo(weights(http, done));
            System.out.printf("resume after death: checkpoint at epoch %s of 12000; revived and done in %.1f s%n",
                    saved[0].get("EPOCH"), reviveSeconds);
        }
    }
}
