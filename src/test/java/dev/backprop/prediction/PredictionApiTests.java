package dev.backprop.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.engine.Matrix;
import dev.backprop.engine.TrainedModel;
import dev.backprop.model.ModelService;
import dev.backprop.support.Http;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:predictions;DB_CLOSE_DELAY=-1", "backprop.prediction.max-rows=5"})
class PredictionApiTests {

    /** 2 inputs, standardized, a tanh layer of 3 and a softmax over 3 classes. */
    static final String CLASSIFIER = """
            {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 2,
             "featureNames": ["x1", "x2"], "targetNames": ["label"], "labels": ["cat", "dog", "eel"],
             "normalization": {"mean": [0.5, -1.25], "std": [2.0, 0.3]},
             "layers": [
               {"units": 3, "activation": "TANH", "bias": true, "dropout": 0.0,
                "weights": [[0.1, -0.7, 1.3], [0.45, 0.2, -0.9]], "biases": [0.01, -0.02, 0.3]},
               {"units": 3, "activation": "SOFTMAX", "bias": true, "dropout": 0.0,
                "weights": [[1.5, -0.5, 0.25], [-1.0, 2.0, 0.5], [0.3, 0.3, -1.2]], "biases": [0.1, 0.0, -0.1]}]}""";

    static final String REGRESSOR = """
            {"format": "backprop-model", "version": 1, "task": "REGRESSION", "inputs": 2,
             "featureNames": ["a", "b"], "targetNames": ["sum", "diff"], "labels": [], "normalization": null,
             "layers": [{"units": 2, "activation": "IDENTITY", "bias": false, "dropout": 0.0,
                         "weights": [[1.0, 1.0], [1.0, -1.0]], "biases": null}]}""";

    @LocalServerPort
    int port;

    @Autowired
    ModelService models;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private String importModel(String name, String document) {
        Http.Response response = http.postJson("/api/v1/models?name=" + name, document);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    @Test
    void predictionsEqualTheEnginesForwardPassBitForBit() {
        String id = importModel("animals", CLASSIFIER);
        double[][] rows = {{0.3, -1.1}, {4.0, 2.5}, {-3.25, -0.001}};
        Http.Response response = http.postJson("/api/v1/models/" + id + "/predict",
                "{\"inputs\": [[0.3, -1.1], [4.0, 2.5], [-3.25, -0.001]]}");

        assertThat(response.status()).isEqualTo(200);
        TrainedModel engine = models.load(UUID.fromString(id));
        Matrix expected = engine.predict(Matrix.of(rows));
        JsonNode predictions = response.json().get("predictions");
        assertThat(predictions.size()).isEqualTo(3);
        for (int r = 0; r < 3; r++) {
            JsonNode p = predictions.get(r);
            for (int k = 0; k < 3; k++) {
                assertThat(Double.doubleToRawLongBits(p.get("outputs").get(k).asDouble()))
                        .isEqualTo(Double.doubleToRawLongBits(expected.get(r, k)));
                assertThat(p.get("probabilities").get(engine.labels().get(k)).asDouble()).isEqualTo(expected.get(r, k));
            }
            assertThat(p.get("label").asString()).isEqualTo(engine.labels().get(engine.classes(expected)[r]));
        }
    }

    @Test
    void regressionNamesItsValuesAndTensorFlowServingInstancesWork() {
        String id = importModel("plane", REGRESSOR);
        JsonNode body = http.postJson("/api/v1/models/" + id + "/predict", "{\"instances\": [[3, 1]]}").json();
        assertThat(body.get("predictions").get(0).toString())
                .isEqualTo("{\"outputs\":[4.0,2.0],\"values\":{\"sum\":4.0,\"diff\":2.0}}");
    }

    @Test
    void modelsAreAddressableByNameAndVersionIncludingLatest() {
        importModel("versions", REGRESSOR);
        String second = importModel("versions", REGRESSOR.replace("[1.0, -1.0]", "[1.0, -2.0]"));
        JsonNode latest = http.postJson("/api/v1/models/versions/versions/latest/predict", "{\"inputs\": [[3, 1]]}").json();
        assertThat(latest.get("modelId").asString()).isEqualTo(second);
        assertThat(latest.get("predictions").get(0).get("values").get("diff").asDouble()).isEqualTo(1.0);
        JsonNode first = http.postJson("/api/v1/models/versions/versions/1/predict", "{\"inputs\": [[3, 1]]}").json();
        assertThat(first.get("predictions").get(0).get("values").get("diff").asDouble()).isEqualTo(2.0);
        assertThat(http.postJson("/api/v1/models/versions/versions/9/predict", "{\"inputs\": [[3, 1]]}").status())
                .isEqualTo(404);
    }

    @Test
    void refusesBadRowsNamingTheRowAndColumn() {
        String id = importModel("strict", CLASSIFIER);
        String path = "/api/v1/models/" + id + "/predict";

        Http.Response width = http.postJson(path, "{\"inputs\": [[1, 2], [1, 2, 3]]}");
        assertThat(width.status()).isEqualTo(400);
        assertThat(width.json().get("errors").get(0).get("field").asString()).isEqualTo("inputs[1]");
        // many short rows: counted before anything else, and the feature names said once, not per row
        assertThat(http.postJson(path, "{\"inputs\": [[],[],[],[],[],[]]}").status()).isEqualTo(413);
        JsonNode empty = http.postJson(path, "{\"inputs\": [[],[],[],[],[]]}").json().get("errors");
        assertThat(empty.size()).isEqualTo(5);
        assertThat(empty.get(0).get("message").asString()).isEqualTo("has 0 values; the model takes 2 features [x1, x2]");
        assertThat(empty.get(4).get("message").asString()).isEqualTo("has 0 values; the model takes 2 features");

        Http.Response infinite = http.postJson(path, "{\"inputs\": [[1, 2], [1e999, 0]]}");
        assertThat(infinite.status()).isEqualTo(400);
        JsonNode error = infinite.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("inputs[1][0]");
        assertThat(error.get("column").asString()).isEqualTo("x1");

        Http.Response text = http.postJson(path, "{\"inputs\": [[1, \"two\"]]}");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().get("detail").asString())
                .isEqualTo("inputs[0][1]: 'two' is not a number; 'x2' is a number column");
        // a negative number is a number, not an unseen level, even when strict
        Http.Response negative = http.postJson(path, "{\"strict\": true, \"inputs\": [[-0.5, -2]]}");
        assertThat(negative.status()).as(negative.body()).isEqualTo(200);
        assertThat(negative.json().get("predictions").get(0).has("unknownCategories")).isFalse();
        // a model from before imputation cannot fill a gap: refused, naming the column
        Http.Response gap = http.postJson(path, "{\"inputs\": [[1, null]]}");
        assertThat(gap.status()).isEqualTo(400);
        assertThat(gap.json().get("errors").get(0).get("column").asString()).isEqualTo("x2");

        assertThat(http.postJson(path, "{\"inputs\": []}").status()).isEqualTo(400);
        assertThat(http.postJson(path, "{}").status()).isEqualTo(400);
        Http.Response tooMany = http.postJson(path, "{\"inputs\": [[1,2],[1,2],[1,2],[1,2],[1,2],[1,2]]}");
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.contentType()).isEqualTo("application/problem+json");
        assertThat(http.postJson("/api/v1/models/" + UUID.randomUUID() + "/predict", "{\"inputs\": [[1, 2]]}").status())
                .isEqualTo(404);
    }

    @Test
    void aDeletedModelLeavesTheCache() {
        String id = importModel("gone", REGRESSOR);
        assertThat(http.postJson("/api/v1/models/" + id + "/predict", "{\"inputs\": [[1, 1]]}").status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/models/" + id).status()).isEqualTo(204);
        // a prediction by id is served from the cache without asking the database: a 404 means it left
        assertThat(http.postJson("/api/v1/models/" + id + "/predict", "{\"inputs\": [[1, 1]]}").status()).isEqualTo(404);
    }

    @Test
    void errorsUnderV2KeepTheProtocolsFormEvenWithoutAHandler() {
        for (Http.Response r : new Http.Response[] {http.get("/v2/nothing/here"),
                http.method("DELETE", "/v2/models/oip/infer"),
                http.post("/v2/models/oip/infer", "text/plain", "x"),
                http.method("TRACE", "/v2/models/oip")}) {
            assertThat(r.status()).as(r.body()).isIn(404, 405, 415);
            assertThat(r.contentType()).as(r.body()).startsWith("application/json");
            assertThat(r.json().get("error").asString()).as(r.body()).isNotBlank();
            assertThat(r.json().size()).isEqualTo(1);
        }
    }

    @Test
    void speaksTheOpenInferenceProtocol() {
        importModel("oip", CLASSIFIER);
        assertThat(http.get("/v2/health/live").json().toString()).isEqualTo("{\"live\":true}");
        assertThat(http.get("/v2/health/ready").json().toString()).isEqualTo("{\"ready\":true}");
        assertThat(http.get("/v2/models/oip/ready").json().get("ready").asBoolean()).isTrue();
        assertThat(http.get("/v2/models/oip").json().toString()).isEqualTo(
                "{\"name\":\"oip\",\"versions\":[\"1\"],\"platform\":\"backprop\","
                        + "\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP64\",\"shape\":[-1,2]}],"
                        + "\"outputs\":[{\"name\":\"output\",\"datatype\":\"FP64\",\"shape\":[-1,3]},"
                        + "{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]}]}");
        assertThat(http.get("/v2/models/oip/versions/1").status()).isEqualTo(200);

        // the request as the protocol's specification writes it, with FP64 data flat in row-major order
        Http.Response infer = http.postJson("/v2/models/oip/versions/1/infer", """
                {"id": "42", "inputs": [{"name": "input0", "shape": [2, 2], "datatype": "FP64",
                 "data": [0.3, -1.1, 4.0, 2.5]}], "outputs": [{"name": "output"}]}""");
        assertThat(infer.status()).isEqualTo(200);
        JsonNode body = infer.json();
        assertThat(body.get("model_name").asString()).isEqualTo("oip");
        assertThat(body.get("model_version").asString()).isEqualTo("1");
        assertThat(body.get("id").asString()).isEqualTo("42");
        JsonNode output = body.get("outputs").get(0);
        assertThat(output.get("name").asString()).isEqualTo("output");
        assertThat(output.get("datatype").asString()).isEqualTo("FP64");
        assertThat(output.get("shape").toString()).isEqualTo("[2,3]");
        Matrix expected = models.load(models.find("oip", "1").orElseThrow().id()).predict(Matrix.of(new double[][] {{0.3, -1.1}, {4.0, 2.5}}));
        for (int i = 0; i < 6; i++) {
            assertThat(output.get("data").get(i).asDouble()).isEqualTo(expected.data()[i]);
        }
        assertThat(body.get("outputs").get(1).get("data").size()).isEqualTo(2);

        Http.Response nested = http.postJson("/v2/models/oip/infer", """
                {"inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP32", "data": [[0.5, 0.25]]}]}""");
        assertThat(nested.status()).isEqualTo(200);
        assertThat(nested.json().has("id")).isFalse();

        for (String[] bad : List.of(
                new String[] {"/v2/models/nope/infer", "404"},
                new String[] {"/v2/models/oip/versions/7/infer", "404"})) {
            Http.Response response = http.postJson(bad[0], "{\"inputs\": []}");
            assertThat(response.status()).isEqualTo(Integer.parseInt(bad[1]));
            assertThat(response.json().get("error").asString()).contains("not found");
        }
        Http.Response shape = http.postJson("/v2/models/oip/infer", """
                {"inputs": [{"name": "input", "shape": [1, 3], "datatype": "FP64", "data": [1, 2, 3]}]}""");
        assertThat(shape.status()).isEqualTo(400);
        assertThat(shape.json().get("error").asString()).isEqualTo("input: rows have 3 values; the model takes 2 features [x1, x2]");
        Http.Response type = http.postJson("/v2/models/oip/infer", """
                {"inputs": [{"name": "input", "shape": [1, 2], "datatype": "INT8", "data": [1, 2]}]}""");
        assertThat(type.json().get("error").asString()).isEqualTo("input datatype INT8 is not supported; send FP64 or FP32");
        Http.Response count = http.postJson("/v2/models/oip/infer", """
                {"inputs": [{"name": "input", "shape": [2, 2], "datatype": "FP64", "data": [1, 2, 3]}]}""");
        assertThat(count.json().get("error").asString()).isEqualTo("input data holds 3 values; shape [2, 2] needs 4");
        assertThat(http.postJson("/v2/models/oip/infer", "{not json").json().get("error").asString())
                .isEqualTo("the request body is not valid JSON");
        // shapes are checked against the data sent, never used to allocate
        for (String[] bad : List.of(
                new String[] {"[65536, 65536]", "FP64", "[1, 2]", "input data holds 2 values; shape [65536, 65536] needs 4294967296"},
                new String[] {"[2147483648, 2]", "FP64", "[1, 2]", "input data holds 2 values; shape [2147483648, 2] needs 4294967296"},
                new String[] {"[4294967297, 4294967297]", "FP64", "[1, 2]",
                        "input data holds 2 values; shape [4294967297, 4294967297] needs more than 2^63"},
                new String[] {"[1, 2]", "FP32", "[1e39, 2]", "input data[0] is not a finite FP32 number"},
                new String[] {"[1, 2]", "FP64", "[1, \"a\"]", "input data must be an array of numbers; value 1 is not one"},
                new String[] {"[1]", "FP64", "[1, 2]", "input shape must be [rows, features]"})) {
            Http.Response response = http.postJson("/v2/models/oip/infer", """
                    {"inputs": [{"name": "input", "shape": %s, "datatype": "%s", "data": %s}]}""".formatted(bad[0], bad[1], bad[2]));
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("error").asString()).isEqualTo(bad[3]);
        }
        Http.Response unknown = http.postJson("/v2/models/oip/infer", """
                {"inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP64", "data": [1, 2], "colour": 1}]}""");
        assertThat(unknown.json().get("error").asString()).isEqualTo("'inputs[0].colour' is not a field of an infer request");
        assertThat(http.postJson("/v2/models/oip/infer", """
                {"id": "p", "parameters": {"x": 1}, "outputs": [{"name": "output"}],
                 "inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP64", "data": [1, 2], "parameters": {}}]}""")
                .status()).isEqualTo(200);
    }
}
