package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.engine.TrainingData;
import dev.backprop.support.Http;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The datasets API over real HTTP: status, body, and what was stored. Runs once per database
 * (see the subclasses). Small limits make the size checks and chunk boundaries cheap to reach.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "backprop.datasets.max-upload-size=2MB",
        "spring.servlet.multipart.max-file-size=2MB",
        "spring.servlet.multipart.max-request-size=3MB",
        "backprop.datasets.max-rows=60000",
        "backprop.datasets.max-features=50",
        "backprop.datasets.max-values=1000000",
        "backprop.datasets.chunk-size=4KB"})
abstract class DatasetApiTests {

    static final String DATASETS = "/api/v1/datasets";

    @LocalServerPort
    int port;

    @Autowired
    DatasetRepository datasets;

    @Autowired
    DatasetChunkRepository chunks;

    @Autowired
    DatasetService service;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void createsAClassificationDatasetFromJson() {
        Http.Response response = http.postJson(DATASETS, """
                {"name": "xor", "description": "truth table", "featureNames": ["a", "b"],
                 "features": [[0,0],[0,1],[1,0],[1,1]], "targets": [0,1,1,0]}""");

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        UUID id = UUID.fromString(body.get("id").asString());
        assertThat(response.header("Location")).endsWith(DATASETS + "/" + id);
        assertThat(body.get("name").asString()).isEqualTo("xor");
        assertThat(body.get("task").asString()).isEqualTo("CLASSIFICATION");
        assertThat(body.get("source").asString()).isEqualTo("JSON");
        assertThat(body.get("rows").asInt()).isEqualTo(4);
        assertThat(body.get("features").get(1).get("name").asString()).isEqualTo("b");
        assertThat(body.get("features").get(1).get("mean").asDouble()).isEqualTo(0.5);
        assertThat(body.get("features").get(1).get("std").asDouble()).isEqualTo(0.5);
        assertThat(body.get("classes").toString()).isEqualTo("[{\"label\":\"0\",\"count\":2},{\"label\":\"1\",\"count\":2}]");

        TrainingData stored = service.load(id);
        assertThat(stored.features()).containsExactly(0, 0, 0, 1, 1, 0, 1, 1);
        assertThat(stored.targets()).containsExactly(0, 1, 1, 0);
        assertThat(stored.featureNames()).containsExactly("a", "b");
        assertThat(datasets.findById(id)).get().extracting(Dataset::description).isEqualTo("truth table");
    }

    @Test
    void createsARegressionDatasetWithSeveralTargets() {
        Http.Response response = http.postJson(DATASETS, """
                {"name": "sums", "features": [[1,2],[3,4],[5,6]], "targets": [[3,2],[7,12],[11,30]],
                 "targetNames": ["sum", "product"]}""");

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("task").asString()).isEqualTo("REGRESSION");
        assertThat(body.has("classes")).isFalse();
        assertThat(body.get("targets").get(1).get("name").asString()).isEqualTo("product");
        assertThat(body.get("targets").get(1).get("max").asDouble()).isEqualTo(30.0);
        UUID id = UUID.fromString(body.get("id").asString());
        JsonNode rows = http.get(DATASETS + "/" + id + "/rows").json();
        assertThat(rows.get("content").get(2).toString())
                .isEqualTo("{\"index\":2,\"features\":[5.0,6.0],\"targets\":[11.0,30.0]}");
    }

    @Test
    void integerTargetsBecomeRegressionWhenAskedTo() {
        JsonNode body = http.postJson(DATASETS, """
                {"name": "counts", "task": "regression", "features": [[1],[2]], "targets": [10, 20]}""").json();
        assertThat(body.get("task").asString()).isEqualTo("REGRESSION");
        assertThat(body.get("targets").get(0).get("name").asString()).isEqualTo("y");
    }

    @Test
    void generatesMoonsDeterministicallyAndReportsTheSpec() {
        Http.Response response = http.postJson(DATASETS, """
                {"name": "moons", "generator": {"type": "moons", "samples": 200, "noise": 0.2, "seed": 0}}""");

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("source").asString()).isEqualTo("GENERATOR");
        assertThat(body.get("generator").toString())
                .isEqualTo("{\"type\":\"moons\",\"samples\":200,\"noise\":0.2,\"seed\":0}");
        assertThat(body.get("classes").toString())
                .isEqualTo("[{\"label\":\"0\",\"count\":100},{\"label\":\"1\",\"count\":100}]");
        TrainingData expected = DatasetGenerators.generate(new GeneratorSpec(GeneratorType.MOONS, 200, 0.2, 0L,
                null, null, null, null, null));
        TrainingData stored = service.load(UUID.fromString(body.get("id").asString()));
        assertThat(stored.features()).containsExactly(expected.features());
        assertThat(stored.targets()).containsExactly(expected.targets());
    }

    @Test
    void generatorWithoutSeedDrawsOneAndReportsIt() {
        JsonNode body = http.postJson(DATASETS, """
                {"name": "blobs", "generator": {"type": "BLOBS", "samples": 30, "centers": 4}}""").json();
        JsonNode generator = body.get("generator");
        assertThat(generator.get("seed").asLong()).isBetween(0L, 4294967295L);
        assertThat(generator.get("spread").asDouble()).isEqualTo(1.0);
        assertThat(body.get("classes").size()).isEqualTo(4);
    }

    @Test
    void refusesGeneratorParametersThatDoNotApplyAndStoresNothing() {
        long before = datasets.count();
        Http.Response response = http.postJson(DATASETS, """
                {"name": "m", "generator": {"type": "moons", "factor": 0.3, "classes": 4, "samples": 1}}""");

        assertProblem(response, 400);
        assertThat(fields(response)).containsExactlyInAnyOrder("generator.factor", "generator.classes", "generator.samples");
        Http.Response blobs = http.postJson(DATASETS, """
                {"name": "b", "generator": {"type": "blobs", "noise": 0.3}}""");
        assertProblem(blobs, 400);
        assertThat(fields(blobs)).containsExactly("generator.noise");
        assertThat(datasets.count()).isEqualTo(before);
        Http.Response drawn = http.postJson(DATASETS, """
                {"name": "b", "generator": {"type": "blobs", "samples": 30, "seed": 1}}""");
        assertThat(drawn.status()).isEqualTo(201);
        assertThat(drawn.json().get("generator").has("noise")).as("blobs have no noise to report").isFalse();
    }

    @Test
    void refusesGeneratorsPastTheSizeLimitsBeforeDrawing() {
        long before = datasets.count();
        Http.Response rows = http.postJson(DATASETS, """
                {"name": "b", "generator": {"type": "blobs", "samples": 60001}}""");
        assertProblem(rows, 400);
        assertThat(rows.json().get("errors").get(0).get("message").asString())
                .isEqualTo("60001 rows are more than backprop.datasets.max-rows (60000) allows");
        Http.Response wide = http.postJson(DATASETS, """
                {"name": "b", "generator": {"type": "blobs", "samples": 50000, "features": 900}}""");
        assertProblem(wide, 400);
        assertThat(fields(wide)).containsExactlyInAnyOrder("generator.features", "generator.samples");
        assertThat(wide.body()).contains("45050000 values, more than backprop.datasets.max-values (1000000) allows");
        assertThat(datasets.count()).isEqualTo(before);
    }

    @Test
    void createsFromACsvBodyWithQuotedFieldsAndATargetByName() {
        String csv = """
                "x, first",label,x2
                1.5,"yes, really",2
                -3e2,no,4
                0.1,"yes, really",6
                """;
        Http.Response response = http.post(DATASETS + "/csv?name=quoted&target=label", "text/csv", csv);

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("features").get(0).get("name").asString()).isEqualTo("x, first");
        assertThat(body.get("features").get(1).get("name").asString()).isEqualTo("x2");
        assertThat(body.get("features").get(0).get("min").asDouble()).isEqualTo(-300.0);
        assertThat(body.get("classes").toString())
                .isEqualTo("[{\"label\":\"no\",\"count\":1},{\"label\":\"yes, really\",\"count\":2}]");
        TrainingData stored = service.load(UUID.fromString(body.get("id").asString()));
        assertThat(stored.features()).containsExactly(1.5, 2, -300, 4, 0.1, 6);
    }

    @Test
    void createsFromAMultipartUploadNamedAfterTheFile() {
        byte[] csv = "\uFEFFx,y\n1,2.5\n2,3.5\n3,4\n".getBytes(StandardCharsets.UTF_8);
        Http.Response response = http.postMultipart(DATASETS + "/upload", "prices.csv", csv, "target", "y");

        assertThat(response.status()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("name").asString()).isEqualTo("prices");
        assertThat(body.get("task").asString()).isEqualTo("REGRESSION");
        assertThat(body.get("features").get(0).get("name").asString()).isEqualTo("x");
        assertThat(datasets.findById(UUID.fromString(body.get("id").asString()))).get()
                .extracting(Dataset::source).isEqualTo(DatasetSource.CSV);
    }

    @Test
    void refusesBadCsvCellsWithTheirRowAndColumnAndStoresNothing() {
        long before = datasets.count();
        Http.Response response = http.post(DATASETS + "/csv?name=bad&kind=b:NUMBER", "text/csv", """
                a,b,y
                1,2,p
                1,x,q
                ,3,p
                1,2
                """);

        assertProblem(response, 400);
        JsonNode errors = response.json().get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("row 4");
        assertThat(errors.get(0).get("row").asInt()).isEqualTo(4);
        assertThat(datasets.count()).isEqualTo(before);

        Http.Response text = http.post(DATASETS + "/csv?name=bad&kind=b:NUMBER", "text/csv", """
                a,b,y
                1,2,p
                1,x,q
                ,3,p
                """);
        assertProblem(text, 400);
        JsonNode problem = text.json().get("errors").get(0);
        assertThat(problem.get("column").asString()).isEqualTo("b");
        assertThat(problem.get("message").asString()).isEqualTo("column 'b' is declared NUMBER but holds text in 1 row:"
                + " row 2 'x'; if a marker means a missing value, list it in missingValues");
        assertThat(datasets.count()).isEqualTo(before);
    }

    @Test
    void refusesAnUnknownTargetColumn() {
        Http.Response response = http.post(DATASETS + "/csv?name=t&target=price", "text/csv", "a,b\n1,2\n");
        assertProblem(response, 400);
        assertThat(response.json().get("errors").get(0).get("message").asString())
                .isEqualTo("column 'price' is not in the header [a, b]");
    }

    @Test
    void refusesAnUploadOverTheByteLimitWith413AndStoresNothing() {
        long before = datasets.count();
        StringBuilder csv = new StringBuilder("a,b,y\n");
        while (csv.length() <= 2 * 1024 * 1024) {
            csv.append("1.0000001,2.0000002,0\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);

        assertProblem(http.post(DATASETS + "/csv?name=big", "text/csv", bytes), 413);
        assertProblem(http.postMultipart(DATASETS + "/upload", "big.csv", bytes), 413);
        assertThat(datasets.count()).isEqualTo(before);
    }

    @Test
    void refusesMoreRowsThanTheLimitWith413() {
        long before = datasets.count();
        StringBuilder csv = new StringBuilder("a,y\n");
        for (int i = 0; i <= 60000; i++) {
            csv.append(i % 10).append(",1\n");
        }
        Http.Response response = http.post(DATASETS + "/csv?name=rows", "text/csv", csv.toString());
        assertProblem(response, 413);
        assertThat(response.json().get("detail").asString()).contains("more than 60000 rows");
        assertThat(datasets.count()).isEqualTo(before);
    }

    @Test
    void refusesMoreFeaturesThanTheLimit() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            names.add("\"f" + i + "\"");
        }
        Http.Response response = http.postJson(DATASETS, "{\"name\": \"wide\", \"featureNames\": " + names
                + ", \"features\": [" + "0,".repeat(50) + "0], \"targets\": [1]}");
        assertProblem(response, 400);
    }

    @Test
    void listsEveryInvalidFieldOfAJsonDatasetAtOnceAndStoresNothing() {
        long before = datasets.count();
        Http.Response response = http.postJson(DATASETS, """
                {"name": "x", "featureNames": ["a", "a"], "features": [[1,2],[3],[1e999,0]], "targets": [1.5, "b", "c"]}""");

        assertProblem(response, 400);
        assertThat(fields(response)).contains("features[1]", "features[2][0]");
        Http.Response names = http.postJson(DATASETS, """
                {"name": "x", "featureNames": ["a", "a"], "features": [[1,2],[3,true]], "targets": [1.5, "b"]}""");
        assertProblem(names, 400);
        assertThat(fields(names)).contains("features[1][1]", "targets[0]", "featureNames");
        assertThat(datasets.count()).isEqualTo(before);
    }

    @Test
    void namesTheFieldOfABeanValidationFailure() {
        Http.Response response = http.postJson(DATASETS, """
                {"name": " ", "generator": {"type": "moons", "samples": 0, "noise": -1}}""");
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactlyInAnyOrder("name", "generator.samples", "generator.noise");
    }

    @Test
    void describesMalformedAndMistypedJson() {
        long before = datasets.count();
        Http.Response malformed = http.postJson(DATASETS, "{\"name\": \"x\", ");
        assertProblem(malformed, 400);
        assertThat(malformed.json().get("detail").asString()).startsWith("body: malformed JSON at line 1");

        Http.Response wrongType = http.postJson(DATASETS, """
                {"name": "x", "features": [[0, {"a": 1}]], "targets": [1]}""");
        assertProblem(wrongType, 400);
        assertThat(wrongType.json().get("detail").asString())
                .isEqualTo("features[0][1]: must be a number, a string or null, not an object");

        Http.Response unknownEnum = http.postJson(DATASETS, """
                {"name": "x", "generator": {"type": "donut"}}""");
        assertProblem(unknownEnum, 400);
        assertThat(unknownEnum.json().get("detail").asString()).isEqualTo(
                "generator.type: 'donut' is not a valid value; expected one of [moons, circles, xor, spirals, blobs, plane]");

        Http.Response unknownProperty = http.postJson(DATASETS, """
                {"name": "x", "generatr": {"type": "moons"}}""");
        assertProblem(unknownProperty, 400);
        assertThat(unknownProperty.json().get("detail").asString()).isEqualTo("generatr: unknown property 'generatr'");

        Http.Response stringForNumber = http.postJson(DATASETS, """
                {"name": "x", "generator": {"type": "moons", "samples": "20"}}""");
        assertProblem(stringForNumber, 400);
        assertThat(fields(stringForNumber)).containsExactly("generator.samples");

        // no guessing the other way either: numbers and booleans are not names, positions not enum values
        for (String[] bad : new String[][] {
                {"{\"name\": 123, \"features\": [[0], [1]], \"targets\": [0, 1]}", "name: '123' is not a valid string"},
                {"{\"name\": true, \"features\": [[0], [1]], \"targets\": [0, 1]}", "name: 'true' is not a valid string"},
                {"{\"name\": \"x\", \"featureNames\": [1], \"features\": [[0], [1]], \"targets\": [0, 1]}",
                        "featureNames[0]: '1' is not a valid string"},
                {"{\"name\": \"x\", \"task\": 1, \"features\": [[0], [1]], \"targets\": [0, 1]}",
                        "task: '1' is not a valid value; expected one of [CLASSIFICATION, REGRESSION]"}}) {
            Http.Response response = http.postJson(DATASETS, bad[0]);
            assertProblem(response, 400);
            assertThat(response.json().get("detail").asString()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(datasets.count()).isEqualTo(before);
    }

    @Test
    void refusesAPageBeyondWhatAnOffsetHolds() {
        Http.Response response = http.get(DATASETS + "?page=2147483647&size=200");
        assertProblem(response, 400);
        assertThat(fields(response)).containsExactly("page");
    }

    @Test
    void refusesBothGeneratorAndRowsOrNeither() {
        assertProblem(http.postJson(DATASETS, """
                {"name": "x", "features": [[1]], "targets": [1], "generator": {"type": "xor"}}"""), 400);
        Http.Response neither = http.postJson(DATASETS, "{\"name\": \"x\"}");
        assertProblem(neither, 400);
        assertThat(fields(neither)).containsExactly("features");
    }

    @Test
    void readsRowsAcrossChunkBoundariesAndDownloadsTheCsvBitForBit() {
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder("f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,y\n");
        double[] values = new double[3000 * 11];
        for (int r = 0; r < 3000; r++) {
            for (int c = 0; c < 11; c++) {
                double v = c == 10 ? r % 7 + 0.5 : random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
                values[r * 11 + c] = v;
                csv.append(v).append(c == 10 ? "\n" : ",");
            }
        }
        JsonNode body = http.post(DATASETS + "/csv?name=wide", "text/csv", csv.toString()).json();
        UUID id = UUID.fromString(body.get("id").asString());
        Dataset dataset = datasets.findById(id).orElseThrow();
        assertThat(dataset.chunkRows()).isEqualTo(4096 / (11 * 8));
        assertThat(chunks.findByDatasetIdAndChunkIndexBetweenOrderByChunkIndex(id, 0, Integer.MAX_VALUE))
                .hasSize((3000 + dataset.chunkRows() - 1) / dataset.chunkRows());

        JsonNode page = http.get(DATASETS + "/" + id + "/rows?page=3&size=70").json();
        assertThat(page.get("totalElements").asInt()).isEqualTo(3000);
        assertThat(page.get("totalPages").asInt()).isEqualTo(43);
        for (int i = 0; i < 70; i++) {
            JsonNode row = page.get("content").get(i);
            int r = 210 + i;
            assertThat(row.get("index").asInt()).isEqualTo(r);
            assertThat(row.get("features").get(9).asDouble()).isEqualTo(values[r * 11 + 9]);
            assertThat(row.get("targets").get(0).asDouble()).isEqualTo(values[r * 11 + 10]);
        }
        assertThat(http.get(DATASETS + "/" + id + "/rows?page=43&size=70").json().get("content").size()).isZero();

        Http.Response download = http.get(DATASETS + "/" + id + "/csv");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).startsWith("text/csv");
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"wide.csv\"; filename*=UTF-8''wide.csv");
        String[] lines = download.body().split("\n");
        assertThat(lines).hasSize(3001);
        assertThat(lines[0]).isEqualTo("f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,y");
        for (int r = 0; r < 3000; r++) {
            String[] cells = lines[r + 1].split(",");
            for (int c = 0; c < 11; c++) {
                assertThat(Double.doubleToRawLongBits(Double.parseDouble(cells[c])))
                        .isEqualTo(Double.doubleToRawLongBits(values[r * 11 + c]));
            }
        }
    }

    @Test
    void downloadsClassLabelsByName() {
        String id = http.post(DATASETS + "/csv?name=labels", "text/csv", "a,kind\n1,\"cat, big\"\n2,dog\n")
                .json().get("id").asString();
        assertThat(http.get(DATASETS + "/" + id + "/csv").body()).isEqualTo("a,kind\n1.0,\"cat, big\"\n2.0,dog\n");
    }

    @Test
    void listsNewestFirstInPages() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(http.postJson(DATASETS, "{\"name\": \"page" + i + "\", \"features\": [[1]], \"targets\": [\"a\"]}")
                    .json().get("id").asString());
        }
        JsonNode first = http.get(DATASETS + "?page=0&size=2").json();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("totalElements").asLong()).isEqualTo(datasets.count());
        assertThat(first.get("content").get(0).get("id").asString()).isEqualTo(ids.get(2));
        assertThat(first.get("content").get(1).get("id").asString()).isEqualTo(ids.get(1));
        JsonNode second = http.get(DATASETS + "?page=1&size=2").json();
        assertThat(second.get("content").get(0).get("id").asString()).isEqualTo(ids.get(0));

        assertProblem(http.get(DATASETS + "?size=201"), 400);
        assertProblem(http.get(DATASETS + "?page=-1"), 400);
        assertProblem(http.get(DATASETS + "?page=abc"), 400);
    }

    @Test
    void deletesADatasetWithItsRows() {
        UUID id = UUID.fromString(http.postJson(DATASETS, """
                {"name": "gone", "generator": {"type": "circles", "samples": 100, "seed": 1}}""")
                .json().get("id").asString());

        Http.Response response = http.delete(DATASETS + "/" + id);

        assertThat(response.status()).isEqualTo(204);
        assertThat(datasets.findById(id)).isEmpty();
        assertThat(chunks.findByDatasetIdAndChunkIndexBetweenOrderByChunkIndex(id, 0, Integer.MAX_VALUE)).isEmpty();
        assertProblem(http.get(DATASETS + "/" + id), 404);
        assertProblem(http.delete(DATASETS + "/" + id), 404);
    }

    @Test
    void answersUnknownIdsWith404ProblemsNamingTheId() {
        String id = UUID.randomUUID().toString();
        for (String path : List.of("", "/rows", "/csv")) {
            Http.Response response = http.get(DATASETS + "/" + id + path);
            assertProblem(response, 404);
            assertThat(response.json().get("detail").asString()).isEqualTo("Dataset '" + id + "' was not found");
        }
        assertProblem(http.get(DATASETS + "/not-a-uuid"), 400);
    }

    @Test
    void answersWrongMethodsAndMediaTypesWithProblems() {
        assertProblem(http.method("PUT", DATASETS), 405);
        assertProblem(http.post(DATASETS, "application/xml", "<dataset/>"), 415);
        assertProblem(http.get("/api/v1/nothing-here"), 404);
    }

    static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(body.get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at dev.", "at org.", "SQL", "trace");
    }

    static List<String> fields(Http.Response response) {
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
