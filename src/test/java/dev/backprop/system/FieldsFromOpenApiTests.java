package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.support.Http;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile values for every field of every operation the OpenAPI document lists, generated from the
 * document's schemas: each body property, query and path parameter gets values of the wrong type,
 * null, missing, empty, huge, out of range, NaN and infinite numbers, unicode and control characters;
 * each JSON body also arrives malformed, nested too deep, oversized and with the wrong media type.
 * <p>
 * A case is <em>refused</em> when the schema says the value is wrong (a type, a declared bound,
 * a required field, a name's pattern): it must get a 4xx. Other cases (an empty optional string,
 * an emoji in a name) may be accepted. Either way no case may earn a 5xx, every 4xx comes in the
 * path's format (problem+json under /api, {"error"} under /v2), and a refused request stores nothing.
 * Start from a base request per operation that the service accepts, checked first, so a refusal is
 * the mutated value's doing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:fields;DB_CLOSE_DELAY=-1",
        "backprop.http.max-json-body=256KB"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldsFromOpenApiTests {

    private static final JsonMapper JSON = new JsonMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String RAW = "@@raw@@";
    private static final String NO_ID = "00000000-0000-0000-0000-000000000000";
    private static final int OVERSIZED = 256 * 1024 + 1;
    /** Written as the JSON escape of half a surrogate pair, which Java's UTF-8 encoder could not send. */
    private static final String LONE_SURROGATE = "@@lone-surrogate@@";
    private static final String NOT_UTF8 = "@@not-utf8@@";
    private static final String BOUNDARY = "hostile-boundary";
    private static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;

    /** Cases per kind and how many of them the schema says must be refused, written to target/ after the run. */
    private final Map<String, int[]> counts = new TreeMap<>();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private Http http;
    private JsonNode document;
    private final Map<String, String> ids = new LinkedHashMap<>();

    /** One request to send and what the schema says of it. */
    private record Case(String kind, String what, String method, String path, String contentType, String body,
            boolean refused, String... headers) {
    }

    /** A request the service accepts, from which the cases are made. */
    private record Base(String path, Map<String, String> query, String contentType, JsonNode body) {
    }

    /** Rows a request would write; a search's trial jobs are left out, as its coordinator adds them on its own time. */
    private long stored() {
        return jdbc.queryForObject("select (select count(*) from dataset) + (select count(*) from model where job_id is null)"
                + " + (select count(*) from training_job where search_id is null) + (select count(*) from api_key)"
                + " + (select count(*) from dataset_chunk) + (select count(*) from evaluation)"
                + " + (select count(*) from model_alias_move) + (select count(*) from search)", Long.class);
    }

    // ---- the base request of each operation -------------------------------------------------------------

    private static final String DATASET = """
            {"name": "d", "description": "points", "task": "CLASSIFICATION", "featureNames": ["a", "b"],
             "targetNames": ["label"], "features": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": ["x", "y", "y", "x"]}""";

    private static final String GENERATED = """
            {"name": "g", "generator": {"type": "moons", "samples": 20, "noise": 0.1, "seed": 3}}""";

    private static final String JOB = """
            {"name": "j", "dataset": {"name": "jd", "features": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [0, 1, 1, 0]},
             "model": {"hiddenLayers": [3], "activation": "TANH", "loss": "CATEGORICAL_CROSS_ENTROPY",
                       "initialization": "XAVIER", "standardize": true, "output": {"activation": "SOFTMAX", "bias": true}},
             "training": {"epochs": 1, "batchSize": 2, "shuffle": true, "reduction": "MEAN", "learningRate": 0.1,
                          "optimizer": {"type": "ADAM", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
                          "l1": 0, "l2": 0.001, "clipNorm": 5, "validationFraction": 0.25, "seed": 7,
                          "earlyStopping": {"patience": 5}}}""";

    private static final String LAYERED_JOB = """
            {"name": "l", "dataset": {"name": "ld", "features": [[0], [1], [2], [3]], "targets": [0.5, 1, 1.5, 2]},
             "model": {"layers": [{"units": 2, "activation": "RELU", "bias": true, "dropout": 0.1}],
                       "loss": "SQUARED_ERROR",
                       "initialWeights": [{"weights": [[0.5, -0.5]], "biases": [0, 0]}, {"weights": [[1], [1]], "biases": [0]}]},
             "training": {"epochs": 1, "optimizer": {"type": "MOMENTUM", "momentum": 0.9}}}""";

    private static final String MODEL = """
            {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 2,
             "featureNames": ["a", "b"], "targetNames": ["label"], "labels": ["x", "y"],
             "normalization": {"mean": [0.5, 0.5], "std": [0.5, 0.5]},
             "layers": [{"units": 2, "activation": "SOFTMAX", "bias": true,
                         "weights": [[0.5, -0.5], [0.25, 0.75]], "biases": [0, 0.1]}]}""";

    private static final String INFER = """
            {"id": "r1", "inputs": [{"name": "input", "datatype": "FP64", "shape": [1, 2], "data": [0.5, 0.25]}]}""";

    /** Every field of a search, on the four-row dataset: two random trials of two folds, one epoch each. */
    private String search() {
        return """
                {"datasetId": "%s", "name": "s",
                 "base": {"model": {"hiddenLayers": [2]}, "training": {"epochs": 1, "batchSize": 2}},
                 "space": {"training.learningRate": {"choice": [0.1, 0.2]}, "training.l2": {"float": [0, 0.01]},
                           "training.clipNorm": {"logFloat": [1, 5]}, "training.batchSize": {"int": [1, 2]}},
                 "strategy": {"type": "RANDOM"}, "objective": {"metric": "LOSS", "direction": "MINIMIZE"},
                 "evaluation": {"folds": 2},
                 "budget": {"maxTrials": 2, "parallelism": 1, "maxFailedTrials": 1, "maxDuration": "PT1H"},
                 "seed": 1}""".formatted(ids.get("dataset"));
    }

    private List<Base> bases(String method, String template) {
        String predict = "{\"inputs\": [[0.5, 0.25]]}";
        return switch (method + " " + template) {
            case "POST /api/v1/searches" -> List.of(json("/api/v1/searches", search()));
            case "POST /api/v1/searches/dry-run" -> List.of(json("/api/v1/searches/dry-run", search()));
            case "POST /api/v1/datasets" -> List.of(json("/api/v1/datasets", DATASET), json("/api/v1/datasets", GENERATED));
            case "POST /api/v1/training-jobs" -> List.of(json("/api/v1/training-jobs", JOB), json("/api/v1/training-jobs", LAYERED_JOB));
            case "POST /api/v1/training-jobs/dry-run" -> List.of(json("/api/v1/training-jobs/dry-run", JOB));
            case "POST /api/v1/models" -> List.of(new Base("/api/v1/models", Map.of("name", "imported"), "application/json", tree(MODEL)));
            case "POST /api/v1/models/{id}/predict" -> List.of(json("/api/v1/models/" + ids.get("model") + "/predict", predict));
            case "POST /api/v1/models/{name}/versions/{version}/predict" -> List.of(json("/api/v1/models/fields/versions/1/predict", predict));
            case "POST /api/v1/models/{name}/aliases/{alias}/predict" -> List.of(json("/api/v1/models/fields/aliases/champion/predict", predict));
            case "PUT /api/v1/models/{name}/aliases/{alias}" -> List.of(json("/api/v1/models/fields/aliases/champion", "{\"version\": 1}"));
            case "POST /v2/models/{name}/infer" -> List.of(json("/v2/models/fields/infer", INFER));
            case "POST /v2/models/{name}/versions/{version}/infer" -> List.of(json("/v2/models/fields/versions/1/infer", INFER));
            case "POST /api/v1/models/{id}/evaluations" -> List.of(json("/api/v1/models/" + ids.get("model") + "/evaluations",
                    "{\"datasetId\": \"" + ids.get("dataset") + "\"}"));
            case "GET /api/v1/models/{id}/charts/decision-boundary" -> List.of(new Base(concrete(template),
                    Map.of("x", "a", "y", "b", "resolution", "20"), null, null));
            case "GET /api/v1/training-jobs/{id}/charts/decision-boundary" -> List.of(new Base(concrete(template),
                    Map.of("x", "x1", "y", "x2", "resolution", "20"), null, null));
            case "GET /api/v1/models/{id}/charts/confusion-matrix" -> List.of(new Base(concrete(template),
                    Map.of("split", "EVALUATION"), null, null));
            case "POST /api/v1/api-keys" -> List.of(json("/api/v1/api-keys", "{\"name\": \"k\", \"role\": \"PREDICT\"}"));
            case "POST /api/v1/datasets/csv" -> List.of(new Base("/api/v1/datasets/csv",
                    Map.of("name", "c", "target", "label", "task", "CLASSIFICATION", "delimiter", ",", "description", "c"),
                    "text/csv", null));
            case "POST /api/v1/datasets/upload" -> List.of(new Base("/api/v1/datasets/upload",
                    Map.of("name", "u", "target", "label", "task", "CLASSIFICATION", "delimiter", ",", "description", "u"),
                    MULTIPART, null));
            default -> List.of(new Base(concrete(template), Map.of(), null, null));
        };
    }

    private static Base json(String path, String body) {
        return new Base(path, Map.of(), "application/json", tree(body));
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    /** A template's path with the ids of the things made in {@link #setUp()}. */
    private String concrete(String template) {
        String id = template.startsWith("/api/v1/datasets") ? ids.get("dataset")
                : template.startsWith("/api/v1/training-jobs") ? ids.get("job")
                : template.startsWith("/api/v1/models") ? ids.get("model")
                : template.startsWith("/api/v1/searches") ? ids.get("search") : NO_ID;
        return template.replace("{id}", id).replace("{number}", "0").replace("{name}", "fields").replace("{version}", "1").replace("{alias}", "champion")
                .replace("{evaluationId}", ids.getOrDefault("evaluation", NO_ID));
    }

    private void setUp() {
        http = new Http(port);
        document = http.get("/v3/api-docs").json();
        Http.Response model = http.postJson("/api/v1/models?name=fields", MODEL);
        assertThat(model.status()).as(model.body()).isEqualTo(201);
        ids.put("model", model.json().get("id").asString());
        // a second version, and an alias moved between the two: a rollback has somewhere to go
        assertThat(http.postJson("/api/v1/models?name=fields", MODEL).status()).isEqualTo(201);
        for (int version : new int[] {2, 1}) {
            Http.Response alias = http.send("PUT", "/api/v1/models/fields/aliases/champion", "application/json",
                    "{\"version\": " + version + "}");
            assertThat(alias.status()).as(alias.body()).isBetween(200, 201);
        }
        Http.Response dataset = http.postJson("/api/v1/datasets", DATASET);
        assertThat(dataset.status()).as(dataset.body()).isEqualTo(201);
        ids.put("dataset", dataset.json().get("id").asString());
        Http.Response job = http.postJson("/api/v1/training-jobs", JOB);
        assertThat(job.status()).as(job.body()).isEqualTo(202);
        ids.put("job", job.json().get("id").asString());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                http.get("/api/v1/training-jobs/" + ids.get("job")).json().get("status").asString().equals("SUCCEEDED"));
        Http.Response search = http.postJson("/api/v1/searches", search());
        assertThat(search.status()).as(search.body()).isEqualTo(202);
        ids.put("search", search.json().get("id").asString());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                http.get("/api/v1/searches/" + ids.get("search")).json().get("status").asString().equals("SUCCEEDED"));
        Http.Response evaluation = http.postJson("/api/v1/models/" + ids.get("model") + "/evaluations",
                "{\"datasetId\": \"" + ids.get("dataset") + "\"}");
        assertThat(evaluation.status()).as(evaluation.body()).isEqualTo(201);
        ids.put("evaluation", evaluation.json().get("id").asString());
    }

    // ---- the cases --------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicNode> everyFieldOfEveryOperation() {
        setUp();
        List<DynamicNode> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                String method = entry.getKey().toUpperCase();
                JsonNode operation = entry.getValue();
                List<DynamicNode> nodes = new ArrayList<>();
                for (Base base : bases(method, path.getKey())) {
                    boolean streams = operation.path("responses").path("200").path("content").has("text/event-stream");
                    List<Case> cases = new ArrayList<>();
                    // DELETE and cancel change what they name, and the events stream stays open
                    if (!method.equals("DELETE") && !streams && !path.getKey().endsWith("/cancel")) {
                        cases.add(new Case("base", "the base request", method, target(base.path(), base.query()),
                                base.contentType(), body(base, base.body()), false));
                    }
                    pathCases(method, path.getKey(), operation, cases::add);
                    if (!method.equals("DELETE")) {
                        queryCases(method, base, operation, cases::add);
                    }
                    if (base.body() != null) {
                        JsonNode schema = resolve(operation.path("requestBody").path("content").path("application/json")
                                .path("schema"));
                        bodyCases(method, base, schema, cases::add);
                        fieldCases(method, base, schema, base.body(), new ArrayList<>(), cases::add);
                    }
                    for (Case c : cases) {
                        nodes.add(DynamicTest.dynamicTest(c.kind() + ": " + c.what(), () -> run(c)));
                    }
                }
                operations.add(DynamicContainer.dynamicContainer(method + " " + path.getKey(), nodes));
            }
        }
        assertThat(operations).hasSizeGreaterThan(25);
        return operations.stream();
    }

    private void run(Case c) {
        int[] count = counts.computeIfAbsent(c.kind(), k -> new int[2]);
        count[0]++;
        count[1] += c.refused() ? 1 : 0;
        long before = stored();
        Http.Response response = c.contentType() == null ? http.method(c.method(), c.path())
                : http.send(c.method(), c.path(), c.contentType(), bytes(c.body()), c.headers());
        String what = c.method() + " " + c.path().substring(0, Math.min(c.path().length(), 200)) + " ("
                + c.what() + "): " + response.status() + " " + abbreviate(response.body());
        assertThat(response.status()).as(what).isLessThan(500);
        if (c.kind().equals("base")) {
            assertThat(response.status()).as(what).isBetween(200, 299);
            return;
        }
        if (c.refused()) {
            assertThat(response.status()).as(what).isBetween(400, 499);
        }
        if (response.status() >= 400) {
            if (c.path().startsWith("/v2/")) {
                assertThat(response.contentType()).as(what).startsWith("application/json");
                assertThat(response.json().path("error").asString("")).as(what).isNotBlank();
            } else {
                assertThat(response.contentType()).as(what).startsWith("application/problem+json");
                JsonNode problem = response.json();
                assertThat(problem.path("status").asInt()).as(what).isEqualTo(response.status());
                assertThat(problem.path("detail").asString("")).as(what).isNotBlank();
            }
            assertThat(stored()).as("nothing stored by " + what).isEqualTo(before);
        }
    }

    @AfterAll
    void writeCounts() throws java.io.IOException {
        StringBuilder text = new StringBuilder("kind\tcases\tmust be refused\n");
        counts.forEach((kind, n) -> text.append(kind).append('\t').append(n[0]).append('\t').append(n[1]).append('\n'));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "hostile-input-cases.tsv"), text);
    }

    /** UTF-8, except that {@link #NOT_UTF8} becomes an overlong encoding of NUL, which no decoder may accept. */
    private static byte[] bytes(String body) {
        var out = new java.io.ByteArrayOutputStream();
        String[] parts = body.split(NOT_UTF8, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.write(0xC0);
                out.write(0x80);
            }
            out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /** Path parameters that name nothing or cannot be read. */
    private void pathCases(String method, String template, JsonNode operation, Consumer<Case> cases) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (!parameter.path("in").asString("").equals("path")) {
                continue;
            }
            String name = parameter.get("name").asString();
            List<String> values = new ArrayList<>(List.of("%00", "%E2%80%AE", "x".repeat(1000), "%2E%2E"));
            if (parameter.path("schema").path("format").asString("").equals("uuid")) {
                values.addAll(List.of("not-a-uuid", "1", NO_ID));
            } else if (name.equals("version")) {
                values.addAll(List.of("x", "1.5", "99999999999999999999", "-1", "0"));
            } else {
                values.add("no-such-model");
            }
            for (String value : values) {
                String path = concrete(template.replace("{" + name + "}", value));
                String body = operation.has("requestBody") ? "{}" : "";
                cases.accept(new Case("path", name + "=" + abbreviate(value), method, path,
                        "application/json", body, true));
            }
        }
    }

    /** Query parameters of the wrong type, out of range, and strings the schema refuses. */
    private void queryCases(String method, Base base, JsonNode operation, Consumer<Case> cases) {
        for (JsonNode parameter : operation.path("parameters")) {
            String in = parameter.path("in").asString("");
            String name = parameter.get("name").asString();
            JsonNode schema = parameter.path("schema");
            List<String[]> values = new ArrayList<>(); // kind, value, refused
            switch (schema.path("type").asString("string")) {
                case "integer" -> {
                    values.add(new String[] {"wrong type", "x", "true"});
                    values.add(new String[] {"wrong type", "1.5", "true"});
                    values.add(new String[] {"huge", "99999999999999999999", "true"});
                    values.add(new String[] {"empty", "", "false"});
                    bounds(schema).forEach(v -> values.add(new String[] {"out of range", v.toPlainString(), "true"}));
                }
                case "boolean" -> {
                    values.add(new String[] {"wrong type", "maybe", "true"});
                    values.add(new String[] {"wrong type", "2", "true"});
                }
                default -> {
                    boolean enumerated = schema.has("enum") || schema.path("items").has("enum");
                    boolean patterned = schema.has("pattern");
                    values.add(new String[] {"empty", "", "false"});
                    values.add(new String[] {"unicode", "Ω 名前 🚀 שלום", String.valueOf(enumerated)});
                    values.add(new String[] {"control characters", "a\u0000b", String.valueOf(enumerated || patterned)});
                    values.add(new String[] {"control characters", "a\u001b[31m", String.valueOf(enumerated || patterned)});
                    if (enumerated) {
                        values.add(new String[] {"wrong type", "NOPE", "true"});
                        values.add(new String[] {"wrong type", " " + schema.path("enum").path(0).asString("") + " ", "true"});
                    }
                    int max = schema.path("maxLength").asInt(0);
                    values.add(new String[] {"huge", "x".repeat(max > 0 ? max + 1 : 4000), String.valueOf(max > 0)});
                }
            }
            for (String[] value : values) {
                if (in.equals("header")) {
                    if (!value[1].chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
                        continue; // HttpClient refuses to send these
                    }
                    cases.accept(new Case(value[0], name + ": " + abbreviate(value[1]), method,
                            target(base.path(), base.query()), base.contentType(), body(base, base.body()),
                            Boolean.parseBoolean(value[2]), name, value[1]));
                } else if (in.equals("query")) {
                    Map<String, String> query = new LinkedHashMap<>(base.query());
                    query.put(name, value[1]);
                    cases.accept(new Case(value[0], name + "=" + abbreviate(value[1]), method,
                            target(base.path(), query), base.contentType(), body(base, base.body()),
                            Boolean.parseBoolean(value[2])));
                }
            }
        }
    }

    private static List<BigDecimal> bounds(JsonNode schema) {
        List<BigDecimal> bounds = new ArrayList<>();
        if (schema.has("minimum")) {
            bounds.add(schema.get("minimum").decimalValue().subtract(BigDecimal.ONE));
        }
        if (schema.has("maximum")) {
            BigDecimal maximum = schema.get("maximum").decimalValue();
            // past the bound by a step a double can hold: 1e300 + 1 is 1e300 again
            bounds.add(maximum.compareTo(new BigDecimal("1e15")) >= 0 ? maximum.multiply(BigDecimal.TEN)
                    : maximum.compareTo(BigDecimal.ONE) >= 0 ? maximum.add(BigDecimal.ONE)
                    : maximum.add(new BigDecimal("0.01")));
        }
        return bounds;
    }

    /** The body as a whole: malformed, the wrong JSON value, nested too deep, too big, the wrong media type. */
    private void bodyCases(String method, Base base, JsonNode schema, Consumer<Case> cases) {
        String path = target(base.path(), base.query());
        String valid = body(base, base.body());
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("malformed", valid.substring(0, valid.length() / 2));
        bodies.put("empty", "");
        bodies.put("null", "null");
        bodies.put("an array", "[" + valid + "]");
        bodies.put("a string", "\"" + valid.replace("\"", "'") + "\"");
        bodies.put("two documents", valid + valid);
        bodies.put("an unknown property", valid.replaceFirst("\\{", "{\"zzz\": 1, "));
        bodies.put("a comment", valid.replaceFirst("\\{", "{/* hi */ "));
        bodies.put("nested 100,000 deep", "[".repeat(100_000));
        bodies.put("a NUL property name", valid.replaceFirst("\\{", "{\"\\u0000\": 1,"));
        bodies.put("invalid UTF-8", valid.replaceFirst("\\{", "{\"" + NOT_UTF8 + "\": 1,"));
        if (schema.path("properties").isEmpty()) {
            bodies.remove("an unknown property");
        }
        bodies.forEach((what, body) -> cases.accept(new Case("malformed body", what, method, path,
                base.contentType(), body, true)));
        cases.accept(new Case("oversized body", OVERSIZED + " bytes", method, path, base.contentType(),
                valid.replaceFirst("\\{", "{\"padding\": \"" + "x".repeat(OVERSIZED) + "\", "), true));
        cases.accept(new Case("wrong media type", "text/plain", method, path, "text/plain", valid, true));
        cases.accept(new Case("wrong media type", "application/xml", method, path, "application/xml",
                "<a/>", true));
    }

    /**
     * Every property the schema declares, at every depth the base body reaches: each gets the
     * hostile values of its type, in place or added where the base leaves it out.
     */
    private void fieldCases(String method, Base base, JsonNode schema, JsonNode value, List<Object> at,
            Consumer<Case> cases) {
        if (schema.path("type").asString("").equals("array") || schema.has("items") && !schema.has("properties")) {
            if (value != null && value.isArray() && !value.isEmpty()) {
                List<Object> first = new ArrayList<>(at);
                first.add(0);
                JsonNode items = resolve(schema.path("items"));
                values(method, base, items, value.get(0), first, false, cases);
                fieldCases(method, base, items, value.get(0), first, cases);
            }
            return;
        }
        JsonNode properties = schema.path("properties");
        if (properties.isEmpty() || value == null || !value.isObject()) {
            return;
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            List<Object> child = new ArrayList<>(at);
            child.add(property.getKey());
            JsonNode propertySchema = resolve(property.getValue());
            JsonNode present = value.get(property.getKey());
            if (present != null) {
                cases.accept(mutated(method, base, child, null, "missing", required.contains(property.getKey())));
            }
            values(method, base, propertySchema, present, child, required.contains(property.getKey()), cases);
            if (present != null) {
                fieldCases(method, base, propertySchema, present, child, cases);
            }
        }
    }

    /** The schema's one type ("" for none, or for several besides null: OpenAPI 3.1 lists them). */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (!type.isArray()) {
            return type.asString("");
        }
        List<String> types = new ArrayList<>();
        type.forEach(t -> {
            if (!t.asString().equals("null")) {
                types.add(t.asString());
            }
        });
        return types.size() == 1 ? types.getFirst() : "";
    }

    /** Whether the schema lets the value be null (3.1's type list with "null", 3.0's nullable, or a choice that does). */
    private static boolean allowsNull(JsonNode schema) {
        if (schema.path("nullable").asBoolean(false)) {
            return true;
        }
        if (schema.path("type").asString("").equals("null")) {
            return true;
        }
        for (JsonNode choice : schema.path("anyOf")) {
            if (allowsNull(choice)) {
                return true;
            }
        }
        for (JsonNode t : schema.path("type")) {
            if (t.asString().equals("null")) {
                return true;
            }
        }
        return false;
    }

    /** The hostile values for one place in the body, from its schema. */
    private void values(String method, Base base, JsonNode schema, JsonNode present, List<Object> at,
            boolean required, Consumer<Case> cases) {
        String type = type(schema);
        boolean enumerated = schema.has("enum");
        List<Object[]> values = new ArrayList<>(); // kind, value, refused
        boolean item = !at.isEmpty() && at.getLast() instanceof Integer;
        values.add(new Object[] {"null", NODES.nullNode(), (required || item || type.isEmpty()) && !allowsNull(schema)});
        switch (type) {
            case "string" -> {
                boolean patterned = schema.has("pattern");
                values.add(new Object[] {"wrong type", NODES.numberNode(123), true});
                values.add(new Object[] {"wrong type", NODES.booleanNode(true), true});
                values.add(new Object[] {"wrong type", NODES.arrayNode().add("a"), true});
                values.add(new Object[] {"wrong type", NODES.objectNode(), true});
                values.add(new Object[] {"empty", NODES.stringNode(""), enumerated || required});
                values.add(new Object[] {"empty", NODES.stringNode("   "), enumerated || required});
                int max = schema.path("maxLength").asInt(0);
                values.add(new Object[] {"huge", NODES.stringNode("x".repeat(max > 0 ? max + 1 : 100_000)),
                        enumerated || max > 0});
                values.add(new Object[] {"unicode", NODES.stringNode("Ω 名前 🚀 שלום"), enumerated});
                values.add(new Object[] {"unicode", NODES.stringNode("a\u202Eb"), enumerated});
                values.add(new Object[] {"unicode", NODES.stringNode(LONE_SURROGATE), enumerated || patterned});
                values.add(new Object[] {"control characters", NODES.stringNode("a\u0000b"), enumerated || patterned});
                values.add(new Object[] {"control characters", NODES.stringNode("a\u001b[31m"), enumerated || patterned});
                values.add(new Object[] {"control characters", NODES.stringNode("a\u0085"), enumerated || patterned});
                if (enumerated) {
                    String first = schema.get("enum").get(0).asString();
                    values.add(new Object[] {"wrong type", NODES.stringNode("NOPE"), true});
                    values.add(new Object[] {"wrong type", NODES.stringNode(" " + first), true});
                    values.add(new Object[] {"wrong type", NODES.numberNode(0), true});
                }
            }
            case "number", "integer" -> {
                values.add(new Object[] {"wrong type", NODES.stringNode("1"), true});
                values.add(new Object[] {"wrong type", NODES.booleanNode(true), true});
                // the inference protocol lets tensor data come nested, row by row
                values.add(new Object[] {"wrong type", NODES.arrayNode().add(1), !pointer(at).endsWith(".data[0]")});
                values.add(new Object[] {"NaN/Infinity", NODES.stringNode(RAW + "NaN"), true});
                values.add(new Object[] {"NaN/Infinity", NODES.stringNode(RAW + "Infinity"), true});
                values.add(new Object[] {"NaN/Infinity", NODES.stringNode(RAW + "1e400"), true});
                values.add(new Object[] {"NaN/Infinity", NODES.stringNode(RAW + "-1e400"), true});
                // 1e40 is a finite double: refused only where the schema bounds the value
                BigInteger huge = new BigInteger("9".repeat(40));
                values.add(new Object[] {"huge", NODES.numberNode(huge), type.equals("integer")
                        || schema.has("maximum") && schema.get("maximum").decimalValue().compareTo(new BigDecimal(huge)) < 0});
                if (type.equals("integer")) {
                    values.add(new Object[] {"wrong type", NODES.numberNode(new BigDecimal("1.5")), true});
                    values.add(new Object[] {"huge", NODES.numberNode(BigInteger.ONE.shiftLeft(63)), true});
                }
                bounds(schema).forEach(bound -> values.add(new Object[] {"out of range",
                        type.equals("integer") ? NODES.numberNode(bound.toBigInteger()) : NODES.numberNode(bound), true}));
            }
            case "boolean" -> {
                values.add(new Object[] {"wrong type", NODES.stringNode("true"), true});
                values.add(new Object[] {"wrong type", NODES.numberNode(1), true});
            }
            case "array" -> {
                values.add(new Object[] {"wrong type", NODES.objectNode(), true});
                values.add(new Object[] {"wrong type", NODES.stringNode("a"), true});
                values.add(new Object[] {"wrong type", NODES.numberNode(1), true});
                values.add(new Object[] {"empty", NODES.arrayNode(), schema.path("minItems").asInt(0) > 0});
                int max = schema.path("maxItems").asInt(0);
                if (max > 0 && present != null && present.isArray() && !present.isEmpty()) {
                    ArrayNode many = NODES.arrayNode();
                    for (int i = 0; i <= max; i++) {
                        many.add(present.get(0).deepCopy());
                    }
                    values.add(new Object[] {"huge", many, true});
                }
            }
            case "object" -> {
                values.add(new Object[] {"wrong type", NODES.arrayNode(), true});
                values.add(new Object[] {"wrong type", NODES.stringNode("a"), true});
                values.add(new Object[] {"wrong type", NODES.numberNode(1), true});
                if (schema.has("properties")) {
                    values.add(new Object[] {"wrong type", NODES.objectNode().put("zzz", 1), true});
                }
            }
            default -> { // untyped: a scalar of the body's choosing, so never an object or an array
                values.add(new Object[] {"wrong type", NODES.objectNode(), true});
                values.add(new Object[] {"wrong type", NODES.arrayNode(), true});
                values.add(new Object[] {"NaN/Infinity", NODES.stringNode(RAW + "1e400"), true});
                values.add(new Object[] {"control characters", NODES.stringNode("a\u0000b"), true});
            }
        }
        for (Object[] value : values) {
            cases.accept(mutated(method, base, at, (JsonNode) value[1], (String) value[0], (Boolean) value[2]));
        }
    }

    /** The base body with the value at {@code at} replaced (null: removed). */
    private Case mutated(String method, Base base, List<Object> at, JsonNode replacement, String kind, boolean refused) {
        JsonNode body = base.body().deepCopy();
        JsonNode parent = body;
        for (int i = 0; i < at.size() - 1; i++) {
            parent = at.get(i) instanceof Integer index ? parent.get(index) : parent.get((String) at.get(i));
        }
        Object last = at.getLast();
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, replacement == null ? NODES.nullNode() : replacement);
        } else if (replacement == null) {
            ((ObjectNode) parent).remove((String) last);
        } else {
            ((ObjectNode) parent).set((String) last, replacement);
        }
        String where = pointer(at);
        String shown = replacement == null ? "removed" : abbreviate(replacement.toString().replace(RAW, ""));
        return new Case(kind, where + " = " + shown, method, target(base.path(), base.query()), base.contentType(),
                body(base, body), refused);
    }

    private static String pointer(List<Object> at) {
        StringBuilder pointer = new StringBuilder();
        for (Object step : at) {
            if (step instanceof Integer index) {
                pointer.append('[').append(index).append(']');
            } else {
                pointer.append(pointer.isEmpty() ? "" : ".").append(step);
            }
        }
        return pointer.toString();
    }

    private String body(Base base, JsonNode body) {
        if (body == null) {
            return switch (base.contentType() == null ? "" : base.contentType()) {
                case "text/csv" -> "a,b,label\n0,0,x\n0,1,y\n1,0,y\n1,1,x\n";
                case MULTIPART -> "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\""
                        + "\r\nContent-Type: text/csv\r\n\r\na,b,label\n0,0,x\n0,1,y\n1,0,y\n1,1,x\n\r\n--" + BOUNDARY + "--\r\n";
                default -> "";
            };
        }
        String json = JSON.writeValueAsString(body);
        return json.replaceAll("\"" + RAW + "([^\"]*)\"", "$1").replace(LONE_SURROGATE, "\\uD800");
    }

    private static String target(String path, Map<String, String> query) {
        StringBuilder target = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            target.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return target.toString();
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.isEmpty()) {
            return schema;
        }
        return document.at(ref.substring(1));
    }
}
