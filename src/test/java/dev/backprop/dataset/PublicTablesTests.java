package dev.backprop.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.backprop.support.Http;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Public tables as their packages ship them (src/test/resources/tables, each with its source and
 * license): the training file uploaded untouched, a network trained with the spec users compare
 * with, and the untouched held-out file evaluated. The service must land within two standard errors
 * of scikit-learn's imputer + one-hot + scaler + MLP pipeline on the same files (baseline.py beside
 * them; the mean over ten seeds of MLPClassifier(32) with Adam for 200 epochs). The figures are
 * written to target/public-tables.tsv.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:public-tables;DB_CLOSE_DELAY=-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicTablesTests {

    /** The spec the issue names: what a user tries first. */
    static final String SPEC = """
            "model": {"hiddenLayers": [32]},
            "training": {"epochs": 200, "optimizer": {"type": "ADAM"}, "validationFraction": 0.2, "seed": 0}""";

    @LocalServerPort
    int port;

    Http http;

    private final StringBuilder figures = new StringBuilder("table\ttest rows\tservice\tscikit-learn\ttwo SE\n");

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private String upload(String file, String target) throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/tables/" + file)) {
            bytes = in.readAllBytes();
        }
        Http.Response response = http.postMultipart("/api/v1/datasets/upload", file, bytes, "target", target);
        assertThat(response.status()).as(file + ": " + response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // table, target, scikit-learn's mean test accuracy (early_stopping=False; baseline.py)
        "penguins, species, 1.0000",
        "titanic, survived, 0.7969",
        "survey, Sex, 0.7830",
        "iris, Species, 0.9367"})
    void landsWithinTwoStandardErrorsOfScikitLearn(String table, String target, double sklearn) throws IOException {
        String train = upload(table + "-train.csv", target);
        String test = upload(table + "-test.csv", target);

        Http.Response queued = http.postJson("/api/v1/training-jobs", "{\"datasetId\": \"" + train + "\", " + SPEC + "}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String job = queued.json().get("id").asString();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> List.of("SUCCEEDED",
                "FAILED").contains(http.get("/api/v1/training-jobs/" + job).json().get("status").asString()));
        JsonNode done = http.get("/api/v1/training-jobs/" + job).json();
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");

        Http.Response evaluation = http.postJson("/api/v1/models/" + done.get("modelId").asString() + "/evaluations",
                "{\"datasetId\": \"" + test + "\"}");
        assertThat(evaluation.status()).as(evaluation.body()).isEqualTo(201);
        long rows = evaluation.json().get("rows").asLong();
        double accuracy = evaluation.json().get("metrics").get("accuracy").asDouble();
        double p = (accuracy + sklearn) / 2;
        double twoSe = 2 * Math.sqrt(p * (1 - p) / rows);
        figures.append(String.format(Locale.ROOT, "%s\t%d\t%.4f\t%.4f\t%.4f%n", table, rows, accuracy, sklearn, twoSe));
        assertThat(accuracy).as(table + " test accuracy against scikit-learn's " + sklearn)
                .isGreaterThanOrEqualTo(sklearn - twoSe);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"survey, Exer, None", "titanic, passengerClass, 1st", "penguins, island, Torgersen"})
    void textLevelsAreKeptAsWritten(String table, String column, String level) throws IOException {
        String id = upload(table + "-train.csv", table.equals("survey") ? "Sex" : table.equals("titanic")
                ? "survived" : "species");
        JsonNode features = http.get("/api/v1/datasets/" + id).json().get("features");
        JsonNode found = null;
        for (JsonNode feature : features) {
            if (feature.get("name").asString().equals(column)) {
                found = feature;
            }
        }
        assertThat(found).isNotNull();
        assertThat(found.get("kind").asString()).isEqualTo("CATEGORY");
        assertThat(found.get("levels").toString()).contains("\"" + level + "\"");
    }

    @AfterAll
    void writeFigures() throws IOException {
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "public-tables.tsv"), figures);
    }
}
