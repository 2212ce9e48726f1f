package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.BackpropApplication;
import dev.backprop.support.Http;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Searches survive their instance: a stopped instance hands its running trial job back and another
 * finishes the search; what an instance that died between a job's end and the search's next step
 * leaves behind is picked up by the sweep. No run is trained twice to the end.
 */
class SearchRestartTests {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(BackpropApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--backprop.scheduler.polling-interval=100ms",
                "--backprop.scheduler.heartbeat-interval=250ms", "--backprop.scheduler.missed-heartbeats=4",
                "--backprop.training.progress-interval=100ms", "--backprop.training.checkpoint-interval=200ms",
                "--backprop.searches.sweep-interval=200ms");
    }

    private static Http http(ConfigurableApplicationContext context) {
        return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static String moons(Http http) {
        return http.postJson("/api/v1/datasets", """
                {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}""")
                .json().get("id").asString();
    }

    private static JsonNode awaitSearch(Http http, String id, String status) {
        JsonNode[] search = new JsonNode[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            search[0] = http.get("/api/v1/searches/" + id).json();
            assertThat(search[0].get("status").asString()).isEqualTo(status);
        });
        return search[0];
    }

    /** Each run's job: trial, fold, status, attempts and when it finished. */
    private static List<Map<String, Object>> runs(JdbcTemplate jdbc, String search) {
        return jdbc.queryForList("SELECT id, trial, fold, status, attempts, finished_at FROM training_job"
                + " WHERE search_id = ? ORDER BY trial, fold", UUID.fromString(search));
    }

    @Test
    void aSearchRunningWhenItsInstanceStopsFinishesAfterARestart(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE";
        String id;
        List<Map<String, Object>> before;
        try (ConfigurableApplicationContext first = start(url)) {
            Http http = http(first);
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            id = http.postJson("/api/v1/searches", """
                    {"datasetId": "%s", "base": {"model": {"hiddenLayers": [64]}, "training": {"epochs": 4000}},
                     "space": {"training.learningRate": {"choice": [0.01, 0.02]}}, "strategy": {"type": "GRID"},
                     "evaluation": {"folds": 2}, "seed": 4}""".formatted(moons(http))).json().get("id").asString();
            // the first run has ended and the second has written a checkpoint when the instance stops
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
                List<Map<String, Object>> runs = runs(jdbc, id);
                return runs.size() == 2 && runs.get(0).get("status").equals("SUCCEEDED") && jdbc.queryForObject(
                        "SELECT COUNT(*) FROM training_checkpoint WHERE job_id = ?", Integer.class,
                        runs.get(1).get("id")) > 0;
            });
            before = runs(jdbc, id);
        }
        try (ConfigurableApplicationContext second = start(url)) {
            Http http = http(second);
            JsonNode done = awaitSearch(http, id, "SUCCEEDED");

            assertThat(done.get("trialCounts").get("SUCCEEDED").asInt()).isEqualTo(2);
            List<Map<String, Object>> after = runs(second.getBean(JdbcTemplate.class), id);
            // one job per trial and fold; the run that had ended was not run again, the interrupted one went on
            assertThat(after).hasSize(4).allMatch(run -> run.get("status").equals("SUCCEEDED"));
            assertThat(after.get(0)).isEqualTo(before.get(0));
            assertThat(after.get(1).get("id")).isEqualTo(before.get(1).get("id"));
            assertThat(((Number) after.get(1).get("attempts")).intValue()).isEqualTo(2);
            assertThat(second.getBean(JdbcTemplate.class).queryForObject("SELECT resumed_from_epoch FROM training_job"
                    + " WHERE id = ?", Integer.class, after.get(1).get("id"))).isPositive();
            assertThat(after.subList(2, 4)).allMatch(run -> ((Number) run.get("attempts")).intValue() == 1);
        }
    }

    @Test
    void theSweepCarriesOnASearchWhoseInstanceDiedBeforeMovingItOn(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE";
        String id;
        JsonNode finished;
        JsonNode board;
        try (ConfigurableApplicationContext first = start(url)) {
            Http http = http(first);
            id = http.postJson("/api/v1/searches", """
                    {"datasetId": "%s", "base": {"training": {"epochs": 50}},
                     "space": {"training.learningRate": {"choice": [0.01, 0.1, 0.3]}}, "strategy": {"type": "GRID"},
                     "evaluation": {"validationFraction": 0.25}, "seed": 8}""".formatted(moons(http)))
                    .json().get("id").asString();
            finished = awaitSearch(http, id, "SUCCEEDED");
            board = http.get("/api/v1/searches/" + id + "/trials").json().get("trials");
        }
        // what an instance that died leaves: trial 1's job ended but the trial not settled, trial 2 not yet
        // queued, the search running - written with no instance running, so none moves it on meanwhile
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            UUID search = UUID.fromString(id);
            jdbc.update("UPDATE search SET status = 'RUNNING', best_trial = NULL, best_score = NULL, reason = NULL,"
                    + " finished_at = NULL WHERE id = ?", search);
            jdbc.update("UPDATE search_trial SET status = 'RUNNING', score = NULL, scored_rung = NULL, score_std = NULL,"
                    + " fold_scores = NULL, train_millis = NULL WHERE search_id = ? AND number = 1", search);
            jdbc.update("UPDATE search_trial SET status = 'PENDING', score = NULL, scored_rung = NULL, score_std = NULL,"
                    + " fold_scores = NULL, epochs = NULL, train_millis = NULL WHERE search_id = ? AND number = 2", search);
            jdbc.update("DELETE FROM training_job WHERE search_id = ? AND trial = 2", search);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (ConfigurableApplicationContext second = start(url)) {
            Http http = http(second);
            UUID trialOneJob = second.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT id FROM training_job WHERE search_id = ? AND trial = 1", UUID.class, UUID.fromString(id));

            JsonNode done = awaitSearch(http, id, "SUCCEEDED");

            assertThat(done.get("best")).isEqualTo(finished.get("best"));
            assertThat(http.get("/api/v1/searches/" + id + "/trials").json().get("trials").valueStream()
                    .map(t -> t.get("score")).toList())
                    .isEqualTo(board.valueStream().map(t -> t.get("score")).toList());
            assertThat(second.getBean(JdbcTemplate.class).queryForList("SELECT id FROM training_job WHERE search_id = ?"
                    + " AND trial = 1", UUID.class, UUID.fromString(id))).containsExactly(trialOneJob);
        }
    }
}
