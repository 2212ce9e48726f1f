package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.backprop.engine.TrainingData;
import dev.backprop.support.Http;
import java.time.Duration;
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
 * Tables as users have them - text columns, gaps written as NA or left empty, rows without a target -
 * from upload through training to predictions on raw rows, evaluations and the model document. Runs
 * once per database (see the subclasses).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "backprop.datasets.max-levels=50")
abstract class RealTablesApiTests {

    static final String DATASETS = "/api/v1/datasets";
    static final Duration DEADLINE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    DatasetService service;

    @Autowired
    DatasetRepository datasets;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    /**
     * A penguin-like table: the species follows from the island and the bill length; bill lengths and
     * sexes have gaps (NA, empty), and every 25th row has no species.
     */
    static String penguins(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("island,bill_length_mm,sex,year,species\n");
        String[] islands = {"Biscoe", "Dream", "Torgersen"};
        for (int r = 0; r < rows; r++) {
            String island = islands[random.nextInt(3)];
            double bill = 35 + random.nextDouble() * 20;
            String species = island.equals("Torgersen") ? "Adelie" : bill > 45 ? "Gentoo" : "Chinstrap";
            String billCell = r % 10 == 3 ? "NA" : String.format("%.1f", bill);
            String sex = r % 7 == 2 ? "" : random.nextBoolean() ? "male" : "female";
            csv.append(island).append(',').append(billCell).append(',').append(sex).append(',')
                    .append(2007 + random.nextInt(3)).append(',').append(r % 25 == 24 ? "NA" : species).append('\n');
        }
        return csv.toString();
    }

    private JsonNode upload(String csv, String query) {
        Http.Response response = http.post(DATASETS + "/csv?name=penguins&target=species" + query, "text/csv", csv);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    @Test
    void textColumnsGapsAndRowsWithoutATargetAreReadAsTheyAre() {
        JsonNode summary = upload(penguins(100, 1), "");

        assertThat(summary.get("rows").asInt()).isEqualTo(100);
        assertThat(summary.get("rowsWithoutTarget").asInt()).isEqualTo(4);
        JsonNode island = summary.get("features").get(0);
        assertThat(island.get("kind").asString()).isEqualTo("CATEGORY");
        assertThat(island.get("levelCount").asInt()).isEqualTo(3);
        assertThat(island.get("levels")).hasSize(3);
        int counted = 0;
        for (JsonNode level : island.get("levels")) {
            counted += level.get("count").asInt();
        }
        assertThat(counted).isEqualTo(100);
        JsonNode bill = summary.get("features").get(1);
        assertThat(bill.get("kind").asString()).isEqualTo("NUMBER");
        assertThat(bill.get("missing").asInt()).isEqualTo(10);
        assertThat(bill.get("min").asDouble()).isGreaterThanOrEqualTo(35);
        JsonNode sex = summary.get("features").get(2);
        assertThat(sex.get("kind").asString()).isEqualTo("CATEGORY");
        assertThat(sex.get("missing").asInt()).isEqualTo(14);
        assertThat(summary.get("features").get(3).get("kind").asString()).isEqualTo("NUMBER");
        assertThat(summary.get("classes").toString()).doesNotContain("NA");

        UUID id = UUID.fromString(summary.get("id").asString());
        TrainingData stored = service.load(id);
        assertThat(stored.levels().get(0)).containsExactly("Biscoe", "Dream", "Torgersen");
        assertThat(stored.levels().get(1)).isNull();
        assertThat(stored.features()[3 * 4 + 1]).isNaN();
        assertThat(stored.targets()[24]).isNaN();

        JsonNode rows = http.get(DATASETS + "/" + id + "/rows?size=25").json().get("content");
        assertThat(rows.get(3).get("features").get(1).isNull()).isTrue();
        assertThat(rows.get(0).get("features").get(0).isString()).isTrue();
        assertThat(rows.get(24).has("label")).isFalse();

        // the download reads back as the same table
        String csv = http.get(DATASETS + "/" + id + "/csv").body();
        JsonNode again = upload(csv, "");
        TrainingData back = service.load(UUID.fromString(again.get("id").asString()));
        assertThat(back.levels()).isEqualTo(stored.levels());
        assertThat(back.features()).containsExactly(stored.features());
        assertThat(back.targets()).containsExactly(stored.targets());
    }

    @Test
    void kindsAndMissingMarkersCanBeDeclared() {
        JsonNode summary = upload(penguins(60, 2), "&kind=year:CATEGORY&kind=sex:IGNORE&missingValue=NA");
        assertThat(summary.get("features")).hasSize(3);
        assertThat(summary.get("features").get(2).get("name").asString()).isEqualTo("year");
        assertThat(summary.get("features").get(2).get("kind").asString()).isEqualTo("CATEGORY");
        assertThat(summary.get("ignored").toString()).isEqualTo("[\"sex\"]");

        // with only '?' meaning missing, NA is text: the bill column becomes a category, the NA rows a class
        JsonNode literal = upload(penguins(60, 2), "&missingValue=?");
        assertThat(literal.get("features").get(1).get("kind").asString()).isEqualTo("CATEGORY");
        assertThat(literal.get("classes").toString()).contains("\"NA\"");
    }

    @Test
    void aNumberColumnHoldingTextIsOneProblemWithItsCountAndFirstRowsAndNothingIsStored() {
        long before = datasets.count();
        Http.Response response = http.post(DATASETS + "/csv?name=bad&target=species&kind=bill_length_mm:NUMBER"
                + "&missingValue=?", "text/csv", penguins(60, 3));
        assertThat(response.status()).isEqualTo(400);
        JsonNode errors = response.json().get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("column").asString()).isEqualTo("bill_length_mm");
        assertThat(errors.get(0).get("message").asString())
                .startsWith("column 'bill_length_mm' is declared NUMBER but holds text in 6 rows: row 4 'NA', row 14 'NA'")
                .contains("missingValues");
        assertThat(datasets.count()).isEqualTo(before);

        Http.Response unknown = http.post(DATASETS + "/csv?name=bad&target=species&kind=beak:NUMBER&kind=sex:TEXT",
                "text/csv", penguins(10, 3));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("'sex:TEXT' is not name:KIND");
    }

    @Test
    void columnsWhoseEveryValueDiffersAreFlaggedAsIdentifiers() {
        Http.Response response = http.post(DATASETS + "/csv?name=ids&target=y", "text/csv",
                "id,name,x,group,y\n1,ann,0.5,a,p\n2,bob,0.7,a,q\n4,cy,0.1,b,p\n,dee,0.2,b,q\n");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode features = response.json().get("features");
        assertThat(features.get(0).get("identifier").asBoolean()).as("integers that all differ").isTrue();
        assertThat(features.get(1).get("identifier").asBoolean()).as("text that all differs").isTrue();
        assertThat(features.get(2).has("identifier")).as("measurements").isFalse();
        assertThat(features.get(3).has("identifier")).isFalse();
    }

    @Test
    void jsonDatasetsTakeTextAndNullsInFeatures() {
        Http.Response response = http.postJson(DATASETS, """
                {"name": "mixed", "featureNames": ["colour", "size", "code"],
                 "features": [["red", 1.5, 7], ["blue", null, 8], [null, 2.5, 7], ["red", 3, 9]],
                 "targets": ["a", "b", null, "a"], "columnKinds": {"code": "CATEGORY"}}""");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("rowsWithoutTarget").asInt()).isEqualTo(1);
        assertThat(body.get("features").get(0).get("kind").asString()).isEqualTo("CATEGORY");
        assertThat(body.get("features").get(0).get("missing").asInt()).isEqualTo(1);
        assertThat(body.get("features").get(1).get("kind").asString()).isEqualTo("NUMBER");
        assertThat(body.get("features").get(1).get("mean").asDouble()).isCloseTo(7.0 / 3, within(1e-12));
        TrainingData stored = service.load(UUID.fromString(body.get("id").asString()));
        assertThat(stored.levels().get(2)).containsExactly("7", "8", "9");
        assertThat(stored.levels().get(0)).containsExactly("blue", "red");
    }

    private JsonNode train(String datasetId, String extra) {
        Http.Response queued = http.postJson("/api/v1/training-jobs", """
                {"datasetId": "%s", "model": {"hiddenLayers": [16]%s},
                 "training": {"epochs": 150, "optimizer": {"type": "ADAM"}, "learningRate": 0.02,
                              "validationFraction": 0.2, "seed": 3}}""".formatted(datasetId, extra));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String job = queued.json().get("id").asString();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> List.of("SUCCEEDED", "FAILED")
                .contains(http.get("/api/v1/training-jobs/" + job).json().get("status").asString()));
        JsonNode done = http.get("/api/v1/training-jobs/" + job).json();
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return http.get("/api/v1/models/" + done.get("modelId").asString()).json();
    }

    @Test
    void aModelTrainsOnRawColumnsAndPredictsRowsAsCallersHaveThem() {
        String dataset = upload(penguins(400, 4), "").get("id").asString();

        Http.Response dryRun = http.postJson("/api/v1/training-jobs/dry-run", """
                {"datasetId": "%s", "model": {"hiddenLayers": [16], "preprocessing": {"missingIndicator": true}}}"""
                .formatted(dataset));
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        JsonNode plan = dryRun.json().get("model");
        assertThat(plan.get("preprocessing").get("indicator").asBoolean()).isTrue();
        // island 3, bill and its indicator 2, sex 2 and its gaps 1, year 1
        assertThat(plan.get("inputs").asInt()).isEqualTo(9);

        JsonNode model = train(dataset, "");
        assertThat(model.get("validationMetrics").get("accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(model.get("inputs").asInt()).isEqualTo(8);
        JsonNode island = model.get("columns").get(0);
        assertThat(island.get("kind").asString()).isEqualTo("CATEGORY");
        assertThat(island.get("levels").toString()).isEqualTo("[\"Biscoe\",\"Dream\",\"Torgersen\"]");
        assertThat(model.get("columns").get(1).get("fill").asDouble()).isBetween(35.0, 55.0);
        assertThat(model.get("columns").get(2).get("missing").asString()).isEqualTo("MISSING_INPUT");
        assertThat(model.get("charts").has("decisionBoundary")).as("no boundary over categories").isFalse();
        String id = model.get("id").asString();

        Http.Response named = http.postJson("/api/v1/models/" + id + "/predict", """
                {"instances": [{"island": "Torgersen", "bill_length_mm": 39.1, "sex": "male", "year": 2008},
                               {"island": "Dream", "bill_length_mm": 52.0, "year": 2009},
                               {"island": "Atlantis", "bill_length_mm": null, "sex": "female", "year": 2007}]}""");
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        JsonNode predictions = named.json().get("predictions");
        assertThat(predictions.get(0).get("label").asString()).isEqualTo("Adelie");
        assertThat(predictions.get(0).has("imputed")).isFalse();
        assertThat(predictions.get(1).get("label").asString()).isEqualTo("Gentoo");
        assertThat(predictions.get(1).get("imputed").toString()).isEqualTo("[\"sex\"]");
        assertThat(predictions.get(2).get("imputed").toString()).isEqualTo("[\"bill_length_mm\"]");
        assertThat(predictions.get(2).get("unknownCategories").toString()).isEqualTo("{\"island\":\"Atlantis\"}");

        // positional rows of raw values give the same outputs
        Http.Response positional = http.postJson("/api/v1/models/" + id + "/predict", """
                {"inputs": [["Torgersen", 39.1, "male", 2008], ["Dream", "52.0", null, 2009]]}""");
        assertThat(positional.status()).as(positional.body()).isEqualTo(200);
        assertThat(positional.json().get("predictions").get(1).get("outputs").toString())
                .isEqualTo(predictions.get(1).get("outputs").toString());

        Http.Response strict = http.postJson("/api/v1/models/" + id + "/predict", """
                {"strict": true, "instances": [{"island": "Atlantis", "bill_length_mm": 40, "sex": "male", "year": 2007}]}""");
        assertThat(strict.status()).isEqualTo(400);
        assertThat(strict.body()).contains("'Atlantis' is not a level the model knows");
        Http.Response unknownField = http.postJson("/api/v1/models/" + id + "/predict", """
                {"instances": [{"island": "Dream", "beak": 3}]}""");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("errors").get(0).get("field").asString()).isEqualTo("instances[0].beak");
        Http.Response text = http.postJson("/api/v1/models/" + id + "/predict", """
                {"inputs": [["Dream", "long", "male", 2007]]}""");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.body()).contains("'long' is not a number");

        // the Open Inference Protocol takes one tensor per column, BYTES for categories, null for a gap
        String modelName = model.get("name").asString();
        JsonNode metadata = http.get("/v2/models/" + modelName + "/versions/" + model.get("version").asInt()).json();
        assertThat(metadata.get("inputs").toString()).contains("{\"name\":\"island\",\"datatype\":\"BYTES\",\"shape\":[-1,1]}");
        Http.Response infer = http.postJson("/v2/models/" + modelName + "/versions/" + model.get("version").asInt() + "/infer", """
                {"inputs": [{"name": "island", "shape": [2], "datatype": "BYTES", "data": ["Torgersen", "Dream"]},
                            {"name": "bill_length_mm", "shape": [2, 1], "datatype": "FP64", "data": [[39.1], [52.0]]},
                            {"name": "sex", "shape": [2], "datatype": "BYTES", "data": ["male", null]},
                            {"name": "year", "shape": [2], "datatype": "FP64", "data": [2008, 2009]}]}""");
        assertThat(infer.status()).as(infer.body()).isEqualTo(200);
        JsonNode output = infer.json().get("outputs").get(0).get("data");
        for (int k = 0; k < 3; k++) {
            assertThat(output.get(3 + k).asDouble()).isEqualTo(predictions.get(1).get("outputs").get(k).asDouble());
        }
        assertThat(infer.json().get("outputs").get(1).get("data").toString()).isEqualTo("[\"Adelie\",\"Gentoo\"]");
        Http.Response wrongType = http.postJson("/v2/models/" + modelName + "/infer", """
                {"inputs": [{"name": "island", "shape": [1], "datatype": "FP64", "data": [1]}]}""");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("error").asString()).isEqualTo("input 'island' datatype must be BYTES");

        // the portable document carries the preprocessing: an imported copy predicts the same
        String document = http.get("/api/v1/models/" + id + "/weights").body();
        assertThat(document).contains("\"version\":2").contains("\"Torgersen\"");
        Http.Response imported = http.post("/api/v1/models?name=copy", "application/json", document);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        Http.Response again = http.postJson("/api/v1/models/" + imported.json().get("id").asString() + "/predict", """
                {"instances": [{"island": "Dream", "bill_length_mm": 52.0, "year": 2009}]}""");
        assertThat(again.json().get("predictions").get(0).get("outputs").toString())
                .isEqualTo(predictions.get(1).get("outputs").toString());

        // the ONNX graph takes the raw columns too (OnnxExportApiTests runs such graphs)
        Http.Download onnx = http.download("/api/v1/models/" + id + "/onnx");
        assertThat(onnx.status()).isEqualTo(200);
        assertThat(new String(onnx.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).contains("OneHotEncoder");
    }

    @Test
    void everyPreprocessingPolicyIsLearntFromTheTrainingRowsAndShownOnTheModel() {
        String dataset = upload(penguins(200, 8), "").get("id").asString();
        JsonNode median = train(dataset, ", \"preprocessing\": {\"impute\": \"MEDIAN\", \"missingIndicator\": true,"
                + " \"missingCategory\": \"MOST_FREQUENT\"}");
        JsonNode bill = median.get("columns").get(1);
        assertThat(bill.get("missingIndicator").asBoolean()).isTrue();
        // the median of values printed with one decimal is one of them, or halfway between two
        assertThat(bill.get("fill").asDouble() * 20).isCloseTo(Math.rint(bill.get("fill").asDouble() * 20), within(1e-9));
        JsonNode sex = median.get("columns").get(2);
        assertThat(sex.get("missing").asString()).isIn("female", "male");
        assertThat(median.get("inputs").asInt()).isEqualTo(3 + 2 + 2 + 1);
        assertThat(median.get("spec").toString()).contains("MEDIAN");

        JsonNode constant = train(dataset, ", \"preprocessing\": {\"impute\": \"CONSTANT\", \"constant\": -1}");
        assertThat(constant.get("columns").get(1).get("fill").asDouble()).isEqualTo(-1);
        assertThat(constant.get("columns").get(1).get("missingIndicator").asBoolean()).isFalse();
        assertThat(constant.get("columns").get(2).get("missing").asString()).isEqualTo("MISSING_INPUT");
        // the policy holds for a column without gaps too, as scikit-learn's imputer fills every column alike
        assertThat(constant.get("columns").get(3).get("fill").asDouble()).isEqualTo(-1);

        Http.Response bad = http.postJson("/api/v1/training-jobs/dry-run", """
                {"datasetId": "%s", "model": {"preprocessing": {"impute": "MODE"}}}""".formatted(dataset));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("model.preprocessing.impute");
    }

    @Test
    void aModelFromBeforeColumnKindsIsNotContinuedOnColumnsItCannotTake() {
        String dataset = upload(penguins(60, 9), "").get("id").asString();
        String v1 = """
                {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 2,
                 "featureNames": ["%s", "year"], "targetNames": ["species"], "labels": ["Adelie", "Chinstrap", "Gentoo"],
                 "normalization": null, "layers": [{"units": 3, "activation": "SOFTMAX", "bias": true,
                 "weights": [[0.1, 0.2, 0.3], [0.01, 0.02, 0.03]], "biases": [0, 0, 0]}]}""";
        for (String[] c : List.of(new String[] {"bill_length_mm", "has 6 missing values", "cannot fill"},
                new String[] {"island", "is a NUMBER to", "CATEGORY in the dataset"})) {
            Http.Response imported = http.postJson("/api/v1/models?name=old-" + c[0], v1.formatted(c[0]));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            Http.Response refused = http.postJson("/api/v1/training-jobs", """
                    {"datasetId": "%s", "from": {"modelId": "%s"}}""".formatted(dataset,
                    imported.json().get("id").asString()));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains(c[1], c[2]);
        }
    }

    @Test
    void evaluationsAndContinuedTrainingMatchColumnsByNameAndLevelsByText() {
        String dataset = upload(penguins(300, 5), "").get("id").asString();
        JsonNode model = train(dataset, "");
        String id = model.get("id").asString();

        // held-out rows with the columns in another order, a level the model never saw, gaps, unlabelled rows
        StringBuilder heldOut = new StringBuilder("species,year,sex,island,bill_length_mm\n");
        for (String line : penguins(80, 6).split("\n")) {
            if (line.startsWith("island")) {
                continue;
            }
            String[] c = line.split(",", -1);
            String island = c[0].equals("Dream") && line.hashCode() % 5 == 0 ? "Atlantis" : c[0];
            heldOut.append(c[4]).append(',').append(c[3]).append(',').append(c[2]).append(',').append(island)
                    .append(',').append(c[1]).append('\n');
        }
        Http.Response held = http.post(DATASETS + "/csv?name=held-out&target=species", "text/csv", heldOut.toString());
        assertThat(held.status()).as(held.body()).isEqualTo(201);
        Http.Response evaluation = http.postJson("/api/v1/models/" + id + "/evaluations",
                "{\"datasetId\": \"" + held.json().get("id").asString() + "\"}");
        assertThat(evaluation.status()).as(evaluation.body()).isEqualTo(201);
        assertThat(evaluation.json().get("rows").asInt()).isEqualTo(80 - 3);
        assertThat(evaluation.json().get("metrics").get("accuracy").asDouble()).isGreaterThan(0.8);

        // continuing keeps the model's preprocessing: the same columns, levels and fills
        Http.Response queued = http.postJson("/api/v1/training-jobs", """
                {"datasetId": "%s", "from": {"modelId": "%s"}, "training": {"epochs": 5, "seed": 1}}"""
                .formatted(dataset, id));
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String job = queued.json().get("id").asString();
        await().atMost(DEADLINE).until(() -> http.get("/api/v1/training-jobs/" + job).json().get("status").asString()
                .equals("SUCCEEDED"));
        JsonNode child = http.get("/api/v1/models/"
                + http.get("/api/v1/training-jobs/" + job).json().get("modelId").asString()).json();
        assertThat(child.get("columns").toString()).isEqualTo(model.get("columns").toString());
    }
}
