package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.dataset.DatasetService;
import dev.backprop.engine.Folds;
import dev.backprop.engine.ModelTrainer;
import dev.backprop.engine.TrainingData;
import dev.backprop.support.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Searches over real HTTP: the trials a space draws, their runs as training jobs, the leaderboard's
 * figures against a hand computation over the same folds, budgets, cancel and refit. Runs once per
 * database (see the subclasses); async steps wait on state with a deadline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "backprop.scheduler.polling-interval=100ms",
        "backprop.training.progress-interval=100ms",
        "backprop.training.cancel-check-interval=50ms",
        // no sweep while a test runs: every step must follow from a job's end (the maxDuration test sweeps itself)
        "backprop.searches.sweep-interval=1h"})
abstract class SearchApiTests {

    static final String SEARCHES = "/api/v1/searches";
    static final Duration DEADLINE = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DatasetService datasets;

    @Autowired
    JsonMapper json;

    @Autowired
    SearchCoordinator coordinator;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    String moons(int samples) {
        Http.Response response = http.postJson("/api/v1/datasets", """
                {"name": "moons", "generator": {"type": "moons", "samples": %d, "noise": 0.2, "seed": 0}}"""
                .formatted(samples));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    JsonNode submit(String body) {
        Http.Response response = http.postJson(SEARCHES, body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.header("Location")).endsWith(SEARCHES + "/" + response.json().get("id").asString());
        return response.json();
    }

    JsonNode awaitStatus(String id, String... statuses) {
        JsonNode[] search = new JsonNode[1];
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            search[0] = http.get(SEARCHES + "/" + id).json();
            assertThat(search[0].get("status").asString()).isIn((Object[]) statuses);
        });
        return search[0];
    }

    long rows(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void aGridRunsExactlyItsProductAndScoresEachTrialOverItsFolds() {
        String data = moons(120);
        long modelsBefore = rows("SELECT COUNT(*) FROM model");
        JsonNode queued = submit("""
                {"datasetId": "%s", "name": "grid-moons",
                 "base": {"model": {"hiddenLayers": [3]},
                          "training": {"epochs": 15, "batchSize": 0, "earlyStopping": {"enabled": false}}},
                 "space": {"training.learningRate": {"choice": [0.05, 0.2]}, "model.hiddenLayers": {"choice": [[2], [4]]}},
                 "strategy": {"type": "GRID"}, "evaluation": {"folds": 3},
                 "budget": {"parallelism": 2}, "seed": 11}""".formatted(data));
        assertThat(queued.get("status").asString()).isEqualTo("RUNNING");
        assertThat(queued.get("trials").asInt()).isEqualTo(4);
        assertThat(queued.get("folds").asInt()).isEqualTo(3);
        assertThat(queued.get("metric").asString()).isEqualTo("LOSS");
        assertThat(queued.get("direction").asString()).isEqualTo("MINIMIZE");
        String id = queued.get("id").asString();

        JsonNode done = awaitStatus(id, "SUCCEEDED", "FAILED", "CANCELLED");

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("trialCounts").get("SUCCEEDED").asInt()).isEqualTo(4);
        JsonNode board = http.get(SEARCHES + "/" + id + "/trials").json();
        JsonNode trials = board.get("trials");
        assertThat(trials).hasSize(4);
        // the grid, in the order of the paths' names (model.hiddenLayers, then training.learningRate), the last fastest
        String[] drawn = new String[4];
        for (JsonNode trial : trials) {
            drawn[trial.get("number").asInt()] = trial.get("parameters").toString();
        }
        assertThat(drawn).containsExactly(
                "{\"model.hiddenLayers\":[2],\"training.learningRate\":0.05}",
                "{\"model.hiddenLayers\":[2],\"training.learningRate\":0.2}",
                "{\"model.hiddenLayers\":[4],\"training.learningRate\":0.05}",
                "{\"model.hiddenLayers\":[4],\"training.learningRate\":0.2}");
        double previous = Double.NEGATIVE_INFINITY;
        for (JsonNode trial : trials) {
            assertThat(trial.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(trial.get("score").asDouble()).isGreaterThanOrEqualTo(previous);
            previous = trial.get("score").asDouble();
            assertThat(trial.get("foldScores")).hasSize(3);
            assertThat(trial.get("jobs")).hasSize(3);
            assertThat(trial.get("epochs").asInt()).isEqualTo(15);
        }
        JsonNode best = trials.get(0);
        assertThat(done.get("best").get("trial").asInt()).isEqualTo(best.get("number").asInt());
        assertThat(done.get("best").get("score").asDouble()).isEqualTo(best.get("score").asDouble());

        // the best trial's figures, computed by hand: each fold trained with the engine, its held-out loss read
        TrainingData rows = datasets.load(UUID.fromString(data));
        double[] byHand = new double[3];
        for (int f = 0; f < 3; f++) {
            String jobId = best.get("jobs").get(f).asString();
            TrainingPlan plan = json.readValue(jdbc.queryForObject("SELECT plan FROM training_job WHERE id = ?",
                    String.class, UUID.fromString(jobId)), TrainingPlan.class);
            assertThat(plan.fold()).isEqualTo(new TrainingPlan.Fold(3, f, 11));
            assertThat(plan.seed()).isEqualTo(11);
            ModelTrainer.Outcome outcome = ModelTrainer.train(rows, plan.modelSpec(), plan.trainingConfig(1),
                    ModelTrainer.Options.none().folds(new Folds(3, f, 11)));
            byHand[f] = outcome.validation().loss();
        }
        double mean = (byHand[0] + byHand[1] + byHand[2]) / 3;
        double std = Math.sqrt(((byHand[0] - mean) * (byHand[0] - mean) + (byHand[1] - mean) * (byHand[1] - mean)
                + (byHand[2] - mean) * (byHand[2] - mean)) / 3);
        for (int f = 0; f < 3; f++) {
            assertThat(best.get("foldScores").get(f).asDouble()).isEqualTo(byHand[f]);
        }
        assertThat(best.get("score").asDouble()).isEqualTo(mean);
        assertThat(best.get("scoreStd").asDouble()).isEqualTo(std);

        // what was stored: twelve trial jobs, each with its held-out figures and no model
        assertThat(rows("SELECT COUNT(*) FROM training_job WHERE search_id = ?", UUID.fromString(id))).isEqualTo(12);
        assertThat(rows("SELECT COUNT(*) FROM training_job WHERE search_id = ? AND status = 'SUCCEEDED'"
                + " AND held_out IS NOT NULL AND model_id IS NULL", UUID.fromString(id))).isEqualTo(12);
        assertThat(rows("SELECT COUNT(*) FROM model")).isEqualTo(modelsBefore);
        JsonNode job = http.get("/api/v1/training-jobs/" + best.get("jobs").get(1).asString()).json();
        assertThat(job.get("trial").get("searchId").asString()).isEqualTo(id);
        assertThat(job.get("trial").get("fold").asInt()).isEqualTo(1);
        JsonNode listed = http.get(SEARCHES + "?status=SUCCEEDED&size=200").json();
        assertThat(listed.get("content").valueStream().map(j -> j.get("id").asString())).contains(id);
        assertThat(http.get(SEARCHES + "/" + UUID.randomUUID() + "/trials").status()).isEqualTo(404);
    }

    @Test
    void streamsProgressUntilTheSearchEnds() {
        String id = submit("""
                {"datasetId": "%s", "base": {"training": {"epochs": 200}},
                 "space": {"training.learningRate": {"choice": [0.01, 0.1, 0.3]}}, "strategy": {"type": "GRID"},
                 "evaluation": {"folds": 2}, "seed": 4}""".formatted(moons(60))).get("id").asString();

        Http.Response stream = http.get(SEARCHES + "/" + id + "/events");

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        String body = stream.body();
        // the first event is the search as it was asked for; one follows each settled trial, then the end
        assertThat(body.split("event:progress", -1).length - 1).isGreaterThanOrEqualTo(2);
        String end = body.substring(body.indexOf("event:end"));
        assertThat(end).contains("\"status\":\"SUCCEEDED\"").contains("\"SUCCEEDED\":3");
        assertThat(http.get(SEARCHES + "/" + UUID.randomUUID() + "/events").status()).isEqualTo(404);
    }

    @Test
    void randomDrawsAreReproducibleWithinTheirRangesAndADryRunStoresNothing() {
        String data = moons(60);
        String request = """
                {"datasetId": "%s",
                 "space": {"training.learningRate": {"logFloat": [0.001, 0.1]}, "training.l2": {"float": [0, 0.01]},
                           "training.batchSize": {"int": [4, 16]}, "model.hiddenLayers": {"choice": [[2], [3, 3]]}},
                 "budget": {"maxTrials": 25}, "seed": %d}""";
        long before = rows("SELECT COUNT(*) FROM search");
        Http.Response first = http.postJson(SEARCHES + "/dry-run", request.formatted(data, 5));
        Http.Response again = http.postJson(SEARCHES + "/dry-run", request.formatted(data, 5));
        Http.Response other = http.postJson(SEARCHES + "/dry-run", request.formatted(data, 6));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("strategy").asString()).isEqualTo("RANDOM");
        assertThat(first.json().get("folds").asInt()).isEqualTo(5);
        assertThat(first.json().get("runs").asInt()).isEqualTo(125);
        JsonNode trials = first.json().get("trials");
        assertThat(trials).hasSize(25);
        assertThat(again.json().get("trials")).isEqualTo(trials);
        assertThat(other.json().get("trials")).isNotEqualTo(trials);
        Set<Long> batches = new HashSet<>();
        Set<String> layers = new HashSet<>();
        for (JsonNode trial : trials) {
            JsonNode p = trial.get("parameters");
            assertThat(p.get("training.learningRate").asDouble()).isBetween(0.001, 0.1);
            assertThat(p.get("training.l2").asDouble()).isBetween(0.0, 0.01);
            batches.add(p.get("training.batchSize").asLong());
            layers.add(p.get("model.hiddenLayers").toString());
        }
        assertThat(batches).allMatch(b -> b >= 4 && b <= 16).hasSizeGreaterThan(5);
        assertThat(layers).containsExactlyInAnyOrder("[2]", "[3,3]");
        assertThat(rows("SELECT COUNT(*) FROM search")).isEqualTo(before);
    }

    @Test
    void badRequestsNameWhatIsWrongAndStoreNothing() {
        String data = moons(60);
        String stored = "SELECT (SELECT COUNT(*) FROM search) + (SELECT COUNT(*) FROM search_trial)"
                + " + (SELECT COUNT(*) FROM training_job)";
        long before = rows(stored);
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"float": [0, 0.1]}}, "strategy": {"type": "GRID"}}""",
                "space.training.l2", "a GRID takes choice and int ranges"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.speed": {"choice": [1, 2]}}}""",
                "space.training.speed", "names no field of a training job's training"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"learningRate": {"choice": [1, 2]}}}""",
                "space.learningRate", "must name a field as model.<field> or training.<field>"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.learningRate": {"choice": [0.1, -1]}}, "strategy": {"type": "GRID"}}""",
                "space.training.learningRate", "trial 1 draws -1: must be a positive number"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0]}}, "objective": {"metric": "R2"}}""",
                "objective.metric", "R2 does not score classification"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0, 1, 2]}}, "strategy": {"type": "GRID"},
                 "budget": {"maxTrials": 2}}""",
                "budget.maxTrials", "the grid has 3 points"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0]}}, "evaluation": {"folds": 3,
                 "validationFraction": 0.2}}""",
                "evaluation", "give folds or validationFraction, not both"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0]}},
                 "base": {"training": {"validationFraction": 0.2}}}""",
                "base.training.validationFraction", "give evaluation.folds or evaluation.validationFraction"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"logFloat": [0, 1]}}}""",
                "space.training.l2.logFloat", "low must be above 0"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0], "float": [0, 1]}}}""",
                "space.training.l2", "give exactly one of choice, int, float or logFloat"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0]}}, "budget": {"parallelism": 1001}}""",
                "budget.parallelism", "must be at most"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0, 0.1]}}, "budget": {"maxTrials": 3}}""",
                "budget.maxTrials", "the space has 2 distinct points, fewer than 3 trials"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0]}}, "budget": {"maxDuration": "30 minutes"}}""",
                "budget.maxDuration", "must be an ISO-8601 duration"});
        // each run within a job's limit, the thousand trials of twenty folds past the search's
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"float": [0, 0.01]}}, "evaluation": {"folds": 20},
                 "base": {"model": {"hiddenLayers": [256]}, "training": {"epochs": 1000000}}, "budget": {"maxTrials": 1000}}""",
                "budget", "backprop.searches.max-work"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.epochs": {"choice": [10, 20]}},
                 "strategy": {"type": "GRID", "halving": {"minEpochs": 5}}}""",
                "space.training.epochs", "successive halving sets each rung's epochs"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"float": [0, 0.1]}}, "base": {"training": {"epochs": 20}},
                 "strategy": {"halving": {"minEpochs": 20, "factor": 3}}}""",
                "strategy.halving.minEpochs", "must be below the base's 20 epochs"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0]}}, "promote": {"alias": "Champion!"}}""",
                "promote.alias", "must be 1 to 64 lowercase letters"});
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0]}},
                 "promote": {"alias": "champion", "refit": false}}""",
                "promote.refit", "promoting to an alias needs the best trial refit"});
        // within a job's work on 57 held-out rows, past it on all 60: the refit could not run
        cases.add(new String[] {"""
                {"datasetId": "%s", "space": {"training.l2": {"choice": [0]}}, "evaluation": {"validationFraction": 0.05},
                 "base": {"model": {"hiddenLayers": [3000, 3000]}, "training": {"epochs": 19000}},
                 "promote": {"refit": true}}""",
                "promote.refit", "trial 0 refit on every row would do"});
        cases.add(new String[] {"""
                {"datasetId": "00000000-0000-0000-0000-00000000000%s", "space": {"training.l2": {"choice": [0]}}}""",
                "datasetId", "no dataset has id"});
        for (String[] c : cases) {
            String body = c[0].contains("00000000000%s") ? c[0].formatted("1") : c[0].formatted(data);
            Http.Response response = http.postJson(SEARCHES, body);
            assertThat(response.status()).as(body + " -> " + response.body()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").toString()).as(body).contains("\"field\":\"" + c[1] + "\"")
                    .contains(c[2]);
        }
        assertThat(rows(stored)).isEqualTo(before);
    }

    @Test
    void aCancelledSearchStopsItsRunsAndStartsNoMore() {
        String data = moons(60);
        // one run at a time of three folds: the first trial is cancelled with folds it never queued
        JsonNode queued = submit("""
                {"datasetId": "%s", "base": {"training": {"epochs": 1000000, "batchSize": 1}},
                 "space": {"training.learningRate": {"choice": [0.01, 0.02, 0.03]}}, "strategy": {"type": "GRID"},
                 "evaluation": {"folds": 3}, "budget": {"parallelism": 1}, "seed": 1}""".formatted(data));
        String id = queued.get("id").asString();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(rows("SELECT COUNT(*) FROM training_job WHERE"
                + " search_id = ? AND status = 'RUNNING'", UUID.fromString(id))).isEqualTo(1));

        Http.Response cancel = http.postJson(SEARCHES + "/" + id + "/cancel", "");
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().get("cancelRequested").asBoolean()).isTrue();
        JsonNode done = awaitStatus(id, "CANCELLED", "SUCCEEDED", "FAILED");

        assertThat(done.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(done.get("trialCounts").get("CANCELLED").asInt()).isEqualTo(3);
        assertThat(done.get("reason").asString()).startsWith("cancelled after 0 of 3 trials succeeded");
        assertThat(rows("SELECT COUNT(*) FROM training_job WHERE search_id = ?", UUID.fromString(id))).isEqualTo(1);
        assertThat(rows("SELECT COUNT(*) FROM training_job WHERE search_id = ? AND status = 'CANCELLED'",
                UUID.fromString(id))).isEqualTo(1);
        Http.Response late = http.postJson(SEARCHES + "/" + id + "/cancel", "");
        assertThat(late.status()).isEqualTo(409);
    }

    @Test
    void failedTrialsBeyondTheBudgetFailTheSearchAndStopTheRest() {
        String data = moons(60);
        // a ReLU network with an identity output and summed squared error diverges at a learning rate of 1e12;
        // three runs at once: trial 1 has started one of its two folds when trial 0 fails
        JsonNode queued = submit("""
                {"datasetId": "%s", "base": {"model": {"hiddenLayers": [8], "activation": "RELU",
                                                       "output": {"activation": "IDENTITY"}, "loss": "SQUARED_ERROR"},
                                             "training": {"epochs": 1000, "reduction": "SUM"}},
                 "space": {"training.learningRate": {"choice": [1e12, 0.001, 0.002]}}, "strategy": {"type": "GRID"},
                 "evaluation": {"folds": 2}, "budget": {"maxFailedTrials": 0, "parallelism": 3}, "seed": 2}"""
                .formatted(data));
        String id = queued.get("id").asString();

        JsonNode done = awaitStatus(id, "FAILED", "SUCCEEDED", "CANCELLED");

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("FAILED");
        assertThat(done.get("reason").asString()).contains("1 trials failed, more than budget.maxFailedTrials (0)");
        JsonNode[] trials = new JsonNode[3];
        http.get(SEARCHES + "/" + id + "/trials").json().get("trials")
                .forEach(trial -> trials[trial.get("number").asInt()] = trial);
        assertThat(trials[0].get("status").asString()).isEqualTo("FAILED");
        assertThat(trials[0].get("reason").asString()).startsWith("fold ").contains("diverged");
        // the others may have had runs going, or even done, when trial 0 failed: each ended, cancelled, short of its
        // folds or trained, and none is left running
        for (int t = 1; t < 3; t++) {
            assertThat(trials[t].get("status").asString()).isIn("CANCELLED", "SKIPPED", "SUCCEEDED");
        }
        assertThat(rows("SELECT COUNT(*) FROM training_job WHERE search_id = ? AND status IN ('QUEUED', 'RUNNING')",
                UUID.fromString(id))).isZero();
    }

    @Test
    void successiveHalvingTrainsEachRungsEpochsAndPromotesTheBestThird() {
        String data = moons(120);
        JsonNode queued = submit("""
                {"datasetId": "%s", "base": {"training": {"epochs": 18, "batchSize": 0, "earlyStopping": {"enabled": false}}},
                 "space": {"training.learningRate": {"logFloat": [0.003, 0.3]}},
                 "strategy": {"type": "RANDOM", "halving": {"minEpochs": 2, "factor": 3}},
                 "evaluation": {"folds": 2}, "budget": {"maxTrials": 9, "parallelism": 3}, "seed": 9}"""
                .formatted(data));
        assertThat(queued.get("rungEpochs").toString()).isEqualTo("[2,6,18]");
        assertThat(queued.get("halvingFactor").asInt()).isEqualTo(3);
        String id = queued.get("id").asString();

        JsonNode done = awaitStatus(id, "SUCCEEDED", "FAILED", "CANCELLED");

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("trialCounts").get("SUCCEEDED").asInt()).isEqualTo(1);
        assertThat(done.get("trialCounts").get("PRUNED").asInt()).isEqualTo(8);
        // nine trials of two folds at 2 epochs, three at 6, one at 18 - each rung queued as the one before ended
        UUID search = UUID.fromString(id);
        assertThat(jdbc.queryForList("SELECT rung, total_epochs, COUNT(*) AS runs FROM training_job WHERE search_id = ?"
                + " GROUP BY rung, total_epochs ORDER BY rung", search).stream()
                .map(r -> r.get("rung") + ":" + r.get("total_epochs") + "x" + r.get("runs")).toList())
                .containsExactly("0:2x18", "1:6x6", "2:18x2");
        // each rung goes on with the best third of the one before, by that rung's held-out loss
        List<Integer> second = best(search, 0, 3);
        List<Integer> third = best(search, 1, 1);
        assertThat(jdbc.queryForList("SELECT DISTINCT trial FROM training_job WHERE search_id = ? AND rung = 1",
                Integer.class, search)).containsExactlyInAnyOrderElementsOf(second);
        assertThat(jdbc.queryForList("SELECT DISTINCT trial FROM training_job WHERE search_id = ? AND rung = 2",
                Integer.class, search)).containsExactlyElementsOf(third);
        assertThat(done.get("best").get("trial").asInt()).isEqualTo(third.getFirst());
        assertThat(done.get("best").get("rung").asInt()).isEqualTo(2);
        JsonNode trials = http.get(SEARCHES + "/" + id + "/trials").json().get("trials");
        assertThat(trials.get(0).get("number").asInt()).isEqualTo(third.getFirst());
        assertThat(trials.get(0).get("rung").asInt()).isEqualTo(2);
        assertThat(trials.get(0).get("scoredRung").asInt()).isEqualTo(2);
        assertThat(trials.get(0).get("epochs").asInt()).isEqualTo(18);
        assertThat(trials.get(0).get("jobs")).hasSize(6);
        assertThat(trials.valueStream().skip(1).map(t -> t.get("status").asString() + "@" + t.get("rung").asInt()))
                .containsExactly("PRUNED@1", "PRUNED@1", "PRUNED@0", "PRUNED@0", "PRUNED@0", "PRUNED@0", "PRUNED@0",
                        "PRUNED@0");
        assertThat(trials.get(1).get("reason").asString())
                .isEqualTo("pruned at rung 1: not among the best 1 of the 3 that succeeded");
    }

    /** The {@code count} trials with the lowest held-out loss at {@code rung}, the mean over its two folds, best first. */
    private List<Integer> best(UUID search, int rung, int count) {
        Map<Integer, Double> sums = new TreeMap<>();
        for (Map<String, Object> run : jdbc.queryForList("SELECT trial, held_out FROM training_job WHERE search_id = ?"
                + " AND rung = ? ORDER BY fold", search, rung)) {
            sums.merge(((Number) run.get("trial")).intValue(),
                    json.readTree((String) run.get("held_out")).get("loss").asDouble(), Double::sum);
        }
        return sums.entrySet().stream().sorted(Map.Entry.comparingByValue()).limit(count).map(Map.Entry::getKey)
                .toList();
    }

    @Test
    void noTrialStartsAfterTheSearchsMaxDuration() {
        String data = moons(60);
        // the first trial (a million epochs of a 64-unit network) outlasts the budget of a second by far; a sweep
        // after it finds the others past it
        JsonNode queued = submit("""
                {"datasetId": "%s", "base": {"model": {"hiddenLayers": [64]}, "training": {"earlyStopping": {"enabled": false}}},
                 "space": {"training.epochs": {"choice": [1000000, 10, 11]}}, "strategy": {"type": "GRID"},
                 "evaluation": {"validationFraction": 0.25}, "budget": {"maxDuration": "PT1S"}, "seed": 5}"""
                .formatted(data));
        String id = queued.get("id").asString();
        assertThat(queued.get("deadline").asString()).isNotBlank();

        Instant deadline = Instant.parse(queued.get("deadline").asString());
        await().atMost(DEADLINE).until(() -> Instant.now().isAfter(deadline));
        await().atMost(DEADLINE).untilAsserted(() -> {
            coordinator.sweep();
            assertThat(http.get(SEARCHES + "/" + id).json().get("trialCounts").path("SKIPPED").asInt())
                    .as(() -> http.get(SEARCHES + "/" + id + "/trials").body()).isEqualTo(2);
        });

        JsonNode trials = http.get(SEARCHES + "/" + id + "/trials").json().get("trials");
        assertThat(trials.get(0).get("number").asInt()).isZero();
        assertThat(trials.get(0).get("status").asString()).as(trials.toString()).isEqualTo("RUNNING");
        assertThat(trials.get(1).get("reason").asString()).isEqualTo("budget.maxDuration had passed before it could start");
        assertThat(rows("SELECT COUNT(*) FROM training_job WHERE search_id = ?", UUID.fromString(id))).isEqualTo(1);
        assertThat(http.postJson(SEARCHES + "/" + id + "/cancel", "").status()).isEqualTo(200);
        assertThat(awaitStatus(id, "CANCELLED", "SUCCEEDED", "FAILED").get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void aSearchRefitsItsBestAndPromotesItToAnAliasBeforeItEnds() {
        String data = moons(80);
        JsonNode queued = submit("""
                {"datasetId": "%s", "name": "promoted-moons", "base": {"training": {"epochs": 30, "batchSize": 0}},
                 "space": {"training.learningRate": {"choice": [0.05, 0.3]}}, "strategy": {"type": "GRID"},
                 "evaluation": {"folds": 2}, "promote": {"alias": "champion"}, "seed": 6}""".formatted(data));
        assertThat(queued.get("promoteAlias").asString()).isEqualTo("champion");
        String id = queued.get("id").asString();

        JsonNode done = awaitStatus(id, "SUCCEEDED", "FAILED", "CANCELLED");

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode refit = http.get("/api/v1/training-jobs/" + done.get("refitJobId").asString()).json();
        assertThat(refit.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(refit.get("refitOf").asString()).isEqualTo(id);
        assertThat(done.get("refit").asBoolean()).isTrue();
        assertThat(done.get("refitModelId").asString()).isEqualTo(refit.get("modelId").asString());
        assertThat(refit.get("name").asString()).isEqualTo("promoted-moons");
        assertThat(refit.get("plan").get("validationFraction").asDouble()).isEqualTo(0.0);
        assertThat(refit.has("trial")).isFalse();
        JsonNode model = http.get("/api/v1/models/" + refit.get("modelId").asString()).json();
        assertThat(done.get("reason").asString()).contains("refit as promoted-moons version " + model.get("version").asInt())
                .endsWith("alias champion moved to it");
        // the refit trains the best trial's spec: its learning rate
        assertThat(refit.get("plan").get("training").get("schedule").get("initialRate").asDouble())
                .isEqualTo(done.get("best").get("parameters").get("training.learningRate").asDouble());
        JsonNode alias = http.get("/api/v1/models/promoted-moons/aliases/champion").json();
        assertThat(alias.get("version").asInt()).isEqualTo(model.get("version").asInt());
        assertThat(alias.get("movedBy").asString()).isEqualTo(done.get("createdBy").asString());
        // the leaderboard holds the trials' runs only
        assertThat(http.get(SEARCHES + "/" + id + "/trials").json().get("trials").valueStream()
                .mapToInt(t -> t.get("jobs").size()).sum()).isEqualTo(4);
    }

    /**
     * A search whose trials stop early on their held-out fold (its loss turns up as the network overfits)
     * while its refit, which holds nothing out and watches its training loss, trains on: the search
     * waits on its refit job, which is returned.
     */
    private JsonNode awaitRefit(String name) {
        JsonNode queued = submit("""
                {"datasetId": "%s", "name": "%s",
                 "base": {"model": {"hiddenLayers": [32]},
                          "training": {"epochs": 1000000, "optimizer": {"type": "ADAM"}, "earlyStopping": {"patience": 2000}}},
                 "space": {"training.learningRate": {"choice": [0.01, 0.02]}}, "strategy": {"type": "GRID"},
                 "evaluation": {"folds": 2}, "promote": {"alias": "champion"}, "seed": 7}"""
                .formatted(moons(80), name));
        String id = queued.get("id").asString();
        JsonNode[] refit = new JsonNode[1];
        await().atMost(DEADLINE).untilAsserted(() -> {
            JsonNode search = http.get(SEARCHES + "/" + id).json();
            assertThat(search.has("refitJobId")).as(search.toString()).isTrue();
            refit[0] = http.get("/api/v1/training-jobs/" + search.get("refitJobId").asString()).json();
            assertThat(refit[0].get("status").asString()).isEqualTo("RUNNING");
        });
        assertThat(http.get(SEARCHES + "/" + id).json().get("status").asString()).isEqualTo("RUNNING");
        return refit[0];
    }

    @Test
    void aRefitThatDoesNotSucceedLeavesTheAliasAndSaysWhy() {
        JsonNode refit = awaitRefit("unrefit-moons");
        String id = refit.get("refitOf").asString();

        assertThat(http.postJson("/api/v1/training-jobs/" + refit.get("id").asString() + "/cancel", "").status())
                .isEqualTo(200);
        JsonNode done = awaitStatus(id, "SUCCEEDED", "FAILED", "CANCELLED");

        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.has("refitModelId")).isFalse();
        assertThat(done.get("reason").asString()).contains("; refitting the best ended CANCELLED: cancelled after epoch");
        assertThat(http.get("/api/v1/models/unrefit-moons/aliases/champion").status()).isEqualTo(404);
    }

    @Test
    void cancellingASearchCancelsItsRefit() {
        JsonNode refit = awaitRefit("cancelled-refit-moons");
        String id = refit.get("refitOf").asString();

        assertThat(http.postJson(SEARCHES + "/" + id + "/cancel", "").status()).isEqualTo(200);
        JsonNode done = awaitStatus(id, "CANCELLED", "SUCCEEDED", "FAILED");

        assertThat(done.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(http.get("/api/v1/training-jobs/" + refit.get("id").asString()).json().get("status").asString())
                .isEqualTo("CANCELLED");
        assertThat(done.get("trialCounts").get("SUCCEEDED").asInt()).isEqualTo(2);
    }

    @Test
    void theBestTrialRefitsOnEveryRowAsAModelOfTheSearchsName() {
        String data = moons(80);
        JsonNode queued = submit("""
                {"datasetId": "%s", "name": "refit-moons", "base": {"training": {"epochs": 30, "batchSize": 0}},
                 "space": {"training.learningRate": {"choice": [0.1, 0.3]}}, "strategy": {"type": "GRID"},
                 "objective": {"metric": "ACCURACY"}, "evaluation": {"folds": 2}, "seed": 3}""".formatted(data));
        String id = queued.get("id").asString();
        JsonNode done = awaitStatus(id, "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("direction").asString()).isEqualTo("MAXIMIZE");
        int best = done.get("best").get("trial").asInt();

        Http.Response refit = http.postJson(SEARCHES + "/" + id + "/trials/" + best + "/refit", "");

        assertThat(refit.status()).as(refit.body()).isEqualTo(202);
        String job = refit.json().get("id").asString();
        assertThat(refit.json().get("name").asString()).isEqualTo("refit-moons");
        assertThat(refit.json().get("plan").get("validationFraction").asDouble()).isEqualTo(0.0);
        assertThat(refit.json().has("trial")).isFalse();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(http.get("/api/v1/training-jobs/" + job).json()
                .get("status").asString()).isEqualTo("SUCCEEDED"));
        assertThat(rows("SELECT COUNT(*) FROM model WHERE name = 'refit-moons'")).isEqualTo(1);
        assertThat(http.postJson(SEARCHES + "/" + id + "/trials/7/refit", "").status()).isEqualTo(404);
    }
}
