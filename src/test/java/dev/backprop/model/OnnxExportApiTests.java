package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.backprop.support.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Exported ONNX files run in ONNX Runtime and compared with /predict on the same rows: every
 * activation, classification (softmax, and one sigmoid unit for two classes) and regression, with and
 * without standardization and biases; to 1e-9 in float64 and 1e-5 in float32. The worst differences
 * are written to target/onnx-differences-*.txt. Runs once per database (see the subclasses).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OnnxExportApiTests {

    @LocalServerPort
    int port;

    Http http;

    private final Map<String, Double> worst = new TreeMap<>();

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    /** A layer for the document: units, activation, bias. */
    private record Layer(int units, String activation, boolean bias) {
    }

    /** A model document with weights drawn from {@code seed}, imported; returns its id. */
    private String imported(String name, String task, int inputs, List<Layer> layers, List<String> labels,
            List<String> targets, boolean standardize, long seed) {
        Random random = new Random(seed);
        StringBuilder json = new StringBuilder();
        json.append("{\"format\": \"backprop-model\", \"version\": 1, \"task\": \"").append(task).append("\", \"inputs\": ")
                .append(inputs).append(", \"featureNames\": [");
        for (int i = 0; i < inputs; i++) {
            json.append(i > 0 ? ", " : "").append("\"f").append(i).append('"');
        }
        json.append("], \"targetNames\": ").append(strings(targets)).append(", \"labels\": ").append(strings(labels));
        if (standardize) {
            json.append(", \"normalization\": {\"mean\": ").append(numbers(random, inputs, 2, 0))
                    .append(", \"std\": ").append(numbers(random, inputs, 1.5, 2)).append('}');
        }
        json.append(", \"layers\": [");
        int width = inputs;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            json.append(l > 0 ? ", " : "").append("{\"units\": ").append(layer.units()).append(", \"activation\": \"")
                    .append(layer.activation()).append("\", \"bias\": ").append(layer.bias()).append(", \"weights\": [");
            for (int r = 0; r < width; r++) {
                json.append(r > 0 ? ", " : "").append(numbers(random, layer.units(), 1.2, 0));
            }
            json.append("], \"biases\": ").append(layer.bias() ? numbers(random, layer.units(), 0.5, 0) : "null").append('}');
            width = layer.units();
        }
        json.append("]}");
        Http.Response response = http.postJson("/api/v1/models?name=" + name, json.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String strings(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").toList().toString();
    }

    /** {@code n} numbers uniform in [offset - spread, offset + spread], exactly as printed (17 digits). */
    private static String numbers(Random random, int n, double spread, double offset) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(Double.toString(offset + spread * (2 * random.nextDouble() - 1)));
        }
        return values.toString();
    }

    private static double[][] rows(int count, int width, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[count][width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = 4 * (2 * random.nextDouble() - 1);
            }
        }
        return rows;
    }

    /** The raw outputs /predict answers for the rows. */
    private double[][] predicted(String model, double[][] rows) {
        StringBuilder body = new StringBuilder("{\"inputs\": [");
        for (int r = 0; r < rows.length; r++) {
            body.append(r > 0 ? "," : "").append(java.util.Arrays.toString(rows[r]));
        }
        Http.Response response = http.postJson("/api/v1/models/" + model + "/predict", body.append("]}").toString());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode predictions = response.json().get("predictions");
        double[][] outputs = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            JsonNode values = predictions.get(r).get("outputs");
            outputs[r] = new double[values.size()];
            for (int k = 0; k < values.size(); k++) {
                outputs[r][k] = values.get(k).asDouble();
            }
        }
        return outputs;
    }

    /** Runs the model's ONNX file in ONNX Runtime and returns the worst difference from /predict. */
    private double compare(String model, String precision, double[][] rows, double tolerance) throws OrtException {
        Http.Download file = http.download("/api/v1/models/" + model + "/onnx?precision=" + precision);
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(file.header("Content-Disposition")).contains(".onnx");
        double[][] expected = predicted(model, rows);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double difference = 0;
        try (OrtSession session = env.createSession(file.body(), new OrtSession.SessionOptions())) {
            Map<String, String> metadata = session.getMetadata().getCustomMetadata();
            JsonNode summary = http.get("/api/v1/models/" + model).json();
            assertThat(metadata.get("name")).isEqualTo(summary.get("name").asString());
            assertThat(metadata.get("task")).isEqualTo(summary.get("task").asString());
            assertThat(metadata.get("feature_names")).isEqualTo(summary.get("featureNames").toString());
            assertThat(metadata.get("labels")).isEqualTo(summary.has("labels") ? summary.get("labels").toString() : "[]");
            assertThat(session.getMetadata().getProducerName()).isEqualTo("backprop-service");
            Object input;
            if (precision.equals("FLOAT64")) {
                input = rows;
            } else {
                float[][] floats = new float[rows.length][rows[0].length];
                for (int r = 0; r < rows.length; r++) {
                    for (int j = 0; j < rows[r].length; j++) {
                        floats[r][j] = (float) rows[r][j];
                    }
                }
                input = floats;
            }
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input);
                    OrtSession.Result result = session.run(Map.of("input", tensor))) {
                Object value = result.get("output").orElseThrow().getValue();
                for (int r = 0; r < rows.length; r++) {
                    for (int k = 0; k < expected[r].length; k++) {
                        double actual = value instanceof double[][] d ? d[r][k] : ((float[][]) value)[r][k];
                        difference = Math.max(difference, Math.abs(actual - expected[r][k]));
                    }
                }
            }
        }
        assertThat(difference).as(model + " " + precision).isLessThanOrEqualTo(tolerance);
        worst.merge(precision, difference, Math::max);
        return difference;
    }

    @Test
    void softmaxClassifierWithTanhReluAndStandardizationRunsInOnnxRuntimeAsInPredict() throws OrtException {
        String model = imported("onnx-softmax", "CLASSIFICATION", 4,
                List.of(new Layer(6, "TANH", true), new Layer(5, "RELU", false), new Layer(3, "SOFTMAX", true)),
                List.of("a", "b", "c"), List.of("label"), true, 1);
        double[][] rows = rows(64, 4, 11);
        compare(model, "FLOAT64", rows, 1e-9);
        compare(model, "FLOAT32", rows, 1e-5);
    }

    @Test
    void sigmoidBinaryClassifierWithLeakyReluRunsInOnnxRuntimeAsInPredict() throws OrtException {
        String model = imported("onnx-sigmoid", "CLASSIFICATION", 3,
                List.of(new Layer(7, "LEAKY_RELU", true), new Layer(4, "SIGMOID", true), new Layer(1, "SIGMOID", true)),
                List.of("no", "yes"), List.of("label"), true, 2);
        double[][] rows = rows(64, 3, 12);
        compare(model, "FLOAT64", rows, 1e-9);
        compare(model, "FLOAT32", rows, 1e-5);
    }

    @Test
    void regressionWithIdentityLayersAndNoStandardizationRunsInOnnxRuntimeAsInPredict() throws OrtException {
        String model = imported("onnx-regression", "REGRESSION", 5,
                List.of(new Layer(4, "IDENTITY", true), new Layer(6, "LEAKY_RELU", false), new Layer(2, "IDENTITY", true)),
                List.of(), List.of("y", "z"), false, 3);
        double[][] rows = rows(64, 5, 13);
        compare(model, "FLOAT64", rows, 1e-9);
        compare(model, "FLOAT32", rows, 1e-5);
    }

    @Test
    void aTrainedModelIsExportedTooAndFloat32IsTheDefault() throws OrtException {
        Http.Response job = http.postJson("/api/v1/training-jobs", """
                {"dataset": {"name": "xor", "features": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [0, 1, 1, 0]},
                 "model": {"hiddenLayers": [4]}, "training": {"epochs": 20}}""");
        assertThat(job.status()).isEqualTo(202);
        String id = job.json().get("id").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(http.get("/api/v1/training-jobs/" + id).json().get("status").asString()).isEqualTo("SUCCEEDED"));
        String model = http.get("/api/v1/training-jobs/" + id).json().get("modelId").asString();
        compare(model, "FLOAT64", rows(16, 2, 14), 1e-9);
        Http.Download file = http.download("/api/v1/models/" + model + "/onnx");
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.body(), new OrtSession.SessionOptions())) {
            assertThat(session.getInputInfo().get("input").getInfo().toString()).contains("FLOAT");
            assertThat(session.getInputInfo().get("input").getInfo().toString()).doesNotContain("DOUBLE");
        }
        assertThat(http.download("/api/v1/models/00000000-0000-0000-0000-000000000000/onnx").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/models/" + model + "/onnx?precision=FLOAT16").status()).isEqualTo(400);
    }

    /**
     * A model with raw columns of every kind: the graph takes one input per column (strings for categories,
     * NaN and "" for gaps) and answers what /predict answers for the same rows by name, unseen levels too.
     */
    @Test
    void categoriesGapsAndIndicatorsRunInOnnxRuntimeAsInPredict() throws OrtException {
        Random random = new Random(21);
        // columns: age (filled, indicator), island (3 levels, 2 rare sharing one, a gap input), sex (gap takes
        // "male"), mass (filled)
        int width = 2 + 5 + 2 + 1;
        StringBuilder weights = new StringBuilder();
        for (int r = 0; r < width; r++) {
            weights.append(r > 0 ? ", " : "").append(numbers(random, 5, 1.2, 0));
        }
        String document = """
                {"format": "backprop-model", "version": 2, "task": "CLASSIFICATION", "inputs": %d,
                 "featureNames": ["age", "island", "sex", "mass"], "targetNames": ["species"],
                 "labels": ["Adelie", "Chinstrap", "Gentoo"], "normalization": null, "standardized": true,
                 "columns": [
                   {"name": "age", "kind": "NUMBER", "fill": 29.5, "missingIndicator": true, "mean": 30.25, "std": 3.5},
                   {"name": "island", "kind": "CATEGORY", "levels": ["Biscoe", "Dream", "Torgersen"],
                    "rareLevels": ["Anvers", "Gentoo"], "missingInput": true},
                   {"name": "sex", "kind": "CATEGORY", "levels": ["female", "male"], "missingLevel": "male"},
                   {"name": "mass", "kind": "NUMBER", "fill": 4200.0, "missingIndicator": false, "mean": 4100.0, "std": 800.0}],
                 "layers": [{"units": 5, "activation": "TANH", "bias": true, "weights": [%s], "biases": %s},
                            {"units": 3, "activation": "SOFTMAX", "bias": true, "weights": [%s, %s, %s, %s, %s],
                             "biases": %s}]}""".formatted(width, weights, numbers(random, 5, 0.5, 0),
                numbers(random, 3, 1.2, 0), numbers(random, 3, 1.2, 0), numbers(random, 3, 1.2, 0),
                numbers(random, 3, 1.2, 0), numbers(random, 3, 1.2, 0), numbers(random, 3, 0.5, 0));
        Http.Response imported = http.postJson("/api/v1/models?name=onnx-columns", document);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        String model = imported.json().get("id").asString();

        // null is sent to /predict as null and to ONNX Runtime as ""; "" and NA go to both as they are
        String[] islands = {"Biscoe", "Dream", "Torgersen", "Atlantis", null, "Anvers", "Gentoo", "", "NA"};
        String[] sexes = {"female", "male", null, "unknown"};
        int n = 40;
        double[][] age = new double[n][1];
        double[][] mass = new double[n][1];
        String[][] island = new String[n][1];
        String[][] sex = new String[n][1];
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int r = 0; r < n; r++) {
            age[r][0] = r % 6 == 0 ? Double.NaN : 20 + random.nextDouble() * 20;
            mass[r][0] = r % 9 == 0 ? Double.NaN : 3000 + random.nextDouble() * 2500;
            String i = islands[r % islands.length];
            String s = sexes[r % sexes.length];
            island[r][0] = i == null ? "" : i;
            sex[r][0] = s == null ? "" : s;
            body.append(r > 0 ? "," : "").append("{\"age\": ").append(Double.isNaN(age[r][0]) ? "null" : age[r][0])
                    .append(", \"island\": ").append(i == null ? "null" : "\"" + i + "\"")
                    .append(", \"sex\": ").append(s == null ? "null" : "\"" + s + "\"")
                    .append(", \"mass\": ").append(Double.isNaN(mass[r][0]) ? "null" : mass[r][0]).append('}');
        }
        Http.Response predicted = http.postJson("/api/v1/models/" + model + "/predict", body.append("]}").toString());
        assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
        JsonNode predictions = predicted.json().get("predictions");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (String precision : List.of("FLOAT64", "FLOAT32")) {
            Http.Download file = http.download("/api/v1/models/" + model + "/onnx?precision=" + precision);
            assertThat(file.status()).isEqualTo(200);
            boolean doubles = precision.equals("FLOAT64");
            double difference = 0;
            try (OrtSession session = env.createSession(file.body(), new OrtSession.SessionOptions());
                    OnnxTensor a = OnnxTensor.createTensor(env, doubles ? age : floats(age));
                    OnnxTensor m = OnnxTensor.createTensor(env, doubles ? mass : floats(mass));
                    OnnxTensor i = OnnxTensor.createTensor(env, island);
                    OnnxTensor s = OnnxTensor.createTensor(env, sex);
                    OrtSession.Result result = session.run(Map.of("age", a, "island", i, "sex", s, "mass", m))) {
                assertThat(session.getInputNames()).containsExactly("age", "island", "sex", "mass");
                Object value = result.get("output").orElseThrow().getValue();
                for (int r = 0; r < n; r++) {
                    JsonNode outputs = predictions.get(r).get("outputs");
                    for (int k = 0; k < 3; k++) {
                        double actual = value instanceof double[][] d ? d[r][k] : ((float[][]) value)[r][k];
                        difference = Math.max(difference, Math.abs(actual - outputs.get(k).asDouble()));
                    }
                }
            }
            assertThat(difference).as(precision).isLessThanOrEqualTo(doubles ? 1e-9 : 1e-5);
            worst.merge(precision, difference, Math::max);
        }
    }

    private static float[][] floats(double[][] values) {
        float[][] out = new float[values.length][values[0].length];
        for (int r = 0; r < values.length; r++) {
            for (int j = 0; j < values[r].length; j++) {
                out[r][j] = (float) values[r][j];
            }
        }
        return out;
    }

    @AfterAll
    void writeDifferences() throws IOException {
        StringBuilder text = new StringBuilder();
        worst.forEach((precision, difference) -> text.append(getClass().getSimpleName()).append(' ').append(precision)
                .append(" worst |onnxruntime - predict| = ").append(String.format(Locale.ROOT, "%.3e", difference)).append('\n'));
        Files.writeString(Path.of("target", "onnx-differences-" + getClass().getSimpleName() + ".txt"), text);
    }
}
