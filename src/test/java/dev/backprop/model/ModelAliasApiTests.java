package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Aliases over real HTTP: moved, rolled back and deleted, predicted by on both protocols, recorded,
 * and every refusal with nothing stored. Runs once per database (see the subclasses). The two
 * versions are one-neuron gates that disagree on the row [1, 0]: AND says 0, OR says 1.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ModelAliasApiTests {

    private static final String ROW = "{\"inputs\": [[1, 0]]}";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;
    String name;
    String and;
    String or;

    @BeforeEach
    void twoVersions() {
        http = new Http(port);
        name = "gate-" + UUID.randomUUID();
        and = http.create("/api/v1/models?name=" + name, gate(-15));
        or = http.create("/api/v1/models?name=" + name, gate(-5));
    }

    private static String gate(double bias) {
        return """
                {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 2,
                 "featureNames": ["a", "b"], "targetNames": ["label"], "labels": ["0", "1"],
                 "normalization": {"mean": [0, 0], "std": [1, 1]},
                 "layers": [{"units": 1, "activation": "SIGMOID", "bias": true, "dropout": 0.0,
                             "weights": [[10.0], [10.0]], "biases": [%s]}]}""".formatted(bias);
    }

    private String aliases() {
        return "/api/v1/models/" + name + "/aliases";
    }

    private Http.Response point(String alias, String body) {
        return http.send("PUT", aliases() + "/" + alias, "application/json", body);
    }

    private Http.Response predict(String alias) {
        return http.postJson(aliases() + "/" + alias + "/predict", ROW);
    }

    private int moves() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM model_alias_move WHERE name = ?", Integer.class, name);
    }

    @Test
    void anAliasMovesRollsBackAndIsDeletedWithEveryChangeRecorded() {
        Http.Response created = point("champion", "{\"version\": 1}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(created.json().get("modelId").asString()).isEqualTo(and);
        assertThat(created.json().get("movedBy").asString()).startsWith("key:");
        assertThat(predict("champion").json().get("modelId").asString()).isEqualTo(and);
        assertThat(predict("champion").json().get("predictions").get(0).get("label").asString()).isEqualTo("0");
        JsonNode inferred = http.postJson("/v2/models/" + name + "/versions/champion/infer", """
                {"inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP64", "data": [1, 0]}]}""").json();
        assertThat(inferred.get("model_version").asString()).isEqualTo("1");
        assertThat(http.get("/v2/models/" + name + "/versions/champion").json().get("versions").get(0).asString())
                .isEqualTo("1");
        assertThat(http.get("/v2/models/" + name + "/versions/champion/ready").status()).isEqualTo(200);

        Http.Response moved = point("champion", "{\"version\": 2}");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().get("modelId").asString()).isEqualTo(or);
        // the instance that moved it answers by the new version at once
        assertThat(predict("champion").json().get("modelId").asString()).isEqualTo(or);
        assertThat(predict("champion").json().get("predictions").get(0).get("label").asString()).isEqualTo("1");
        assertThat(http.get("/v2/models/" + name + "/versions/champion").json().get("versions").get(0).asString())
                .isEqualTo("2");
        assertThat(http.postJson("/api/v1/models/" + name + "/versions/champion/predict", ROW).json().get("modelId")
                .asString()).isEqualTo(or);
        // pointing it where it points already records nothing
        assertThat(point("champion", "{\"version\": 2}").status()).isEqualTo(200);
        assertThat(moves()).isEqualTo(2);

        Http.Response rolledBack = http.post(aliases() + "/champion/rollback", "application/json", "");
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().get("version").asInt()).isEqualTo(1);
        assertThat(predict("champion").json().get("modelId").asString()).isEqualTo(and);
        // a second rollback undoes the first
        assertThat(http.post(aliases() + "/champion/rollback", "application/json", "").json().get("version").asInt())
                .isEqualTo(2);
        assertThat(http.post(aliases() + "/champion/rollback", "application/json", "").json().get("version").asInt())
                .isEqualTo(1);
        assertThat(http.get(aliases() + "/champion").json().get("version").asInt()).isEqualTo(1);
        assertThat(http.get(aliases()).json().valueStream().map(a -> a.get("alias").asString()).toList())
                .containsExactly("champion");

        // a version an alias names cannot be deleted
        Http.Response refused = http.delete("/api/v1/models/" + and);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("named by its alias champion");
        assertThat(http.get("/api/v1/models/" + and).status()).isEqualTo(200);

        assertThat(http.delete(aliases() + "/champion").status()).isEqualTo(204);
        Http.Response gone = predict("champion");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("detail").asString()).isEqualTo("Model '" + name + "' has no alias 'champion'");
        Http.Response goneOnV2 = http.postJson("/v2/models/" + name + "/versions/champion/infer", """
                {"inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP64", "data": [1, 0]}]}""");
        assertThat(goneOnV2.status()).isEqualTo(404);
        assertThat(goneOnV2.json().get("error").asString()).contains("not found");
        assertThat(http.get(aliases() + "/champion").status()).isEqualTo(404);
        JsonNode history = http.get(aliases() + "/champion/history").json();
        assertThat(history.get("totalElements").asInt()).isEqualTo(6);
        assertThat(history.get("content").valueStream().map(m -> m.get("from").asInt(0) + ">" + m.get("to").asInt(0))
                .toList()).containsExactly("1>0", "2>1", "1>2", "2>1", "1>2", "0>1");
        JsonNode second = http.get(aliases() + "/champion/history?page=1&size=4").json();
        assertThat(second.get("totalPages").asInt()).isEqualTo(2);
        assertThat(second.get("content").valueStream().map(m -> m.get("from").asInt(0) + ">" + m.get("to").asInt(0))
                .toList()).containsExactly("1>2", "0>1");
        assertThat(history.get("content").valueStream().allMatch(m -> m.get("movedBy").asString().startsWith("key:")))
                .isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM model_alias WHERE name = ?", Integer.class, name)).isZero();
        assertThat(http.delete("/api/v1/models/" + and).status()).isEqualTo(204);
    }

    @Test
    void twoDeletesOfOneModelAtOnceAnswerOneDeletedAndOneNotFound() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            var sent = List.of(pool.submit(() -> http.delete("/api/v1/models/" + or).status()),
                    pool.submit(() -> http.delete("/api/v1/models/" + or).status()));
            for (var status : sent) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(204, 404);
        assertThat(http.get("/api/v1/models/" + or).status()).isEqualTo(404);
    }

    private int allMoves() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM model_alias_move", Integer.class);
    }

    @Test
    void refusalsNameWhatIsWrongAndStoreNothing() {
        int before = allMoves();
        for (String alias : List.of("Champion", "latest", "3x", "-x", "a".repeat(65), "%C3%A9t%C3%A9")) {
            for (Http.Response response : List.of(point(alias, "{\"version\": 1}"), predict(alias),
                    http.get(aliases() + "/" + alias), http.delete(aliases() + "/" + alias))) {
                assertThat(response.status()).as(alias + ": " + response.body()).isEqualTo(400);
                assertThat(response.body()).as(alias).contains("lowercase letters");
            }
        }
        Http.Response noVersion = point("staging", "{}");
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(noVersion.json().get("errors").get(0).get("field").asString()).isEqualTo("version");
        assertThat(point("staging", "{\"version\": 0}").status()).isEqualTo(400);
        assertThat(point("staging", "{\"version\": 3}").status()).isEqualTo(404);
        assertThat(http.send("PUT", "/api/v1/models/no-such-" + name + "/aliases/staging", "application/json",
                "{\"version\": 1}").status()).isEqualTo(404);
        assertThat(allMoves()).isEqualTo(before);

        assertThat(point("staging", "{\"version\": 1}").status()).isEqualTo(201);
        Http.Response nothingBefore = http.post(aliases() + "/staging/rollback", "application/json", "");
        assertThat(nothingBefore.status()).isEqualTo(409);
        assertThat(nothingBefore.json().get("detail").asString()).contains("no earlier version");
        assertThat(point("staging", "{\"version\": 2}").status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/models/" + and).status()).isEqualTo(204);
        Http.Response deletedBefore = http.post(aliases() + "/staging/rollback", "application/json", "");
        assertThat(deletedBefore.status()).isEqualTo(409);
        assertThat(deletedBefore.json().get("detail").asString()).contains("was deleted");
        assertThat(moves()).isEqualTo(2);

        assertThat(predict("nope").status()).isEqualTo(404);
        assertThat(http.get(aliases() + "/nope").status()).isEqualTo(404);
        assertThat(http.get(aliases() + "/nope/history").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/models/no-such-" + name + "/aliases").status()).isEqualTo(404);
    }
}
