package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.support.Http;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Garbage a hostile client sends, each answered with a 400 problem naming the field at fault and
 * nothing stored: wrong JSON types, enums spelled loosely, control characters in names and labels,
 * repeated or empty parameters; and CSV downloads that a spreadsheet will not run as formulas.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:hostile;DB_CLOSE_DELAY=-1")
class HostileInputTests {

    private static final String DATASETS = "/api/v1/datasets";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private long stored() {
        return jdbc.queryForObject("select (select count(*) from dataset) + (select count(*) from model)"
                + " + (select count(*) from training_job) + (select count(*) from api_key)", Long.class);
    }

    static Stream<Arguments> garbage() {
        String csv = "text/csv";
        String json = "application/json";
        return Stream.of(
                Arguments.of("name as a number", "POST", DATASETS, json,
                        "{\"name\": 123, \"features\": [[0],[1]], \"targets\": [0,1]}", "name"),
                Arguments.of("generator type with a trailing space", "POST", DATASETS, json,
                        "{\"name\": \"m\", \"generator\": {\"type\": \"moons \", \"samples\": 20}}", "generator.type"),
                Arguments.of("a control character in a dataset name", "POST", DATASETS, json,
                        "{\"name\": \"bell\\u0007\", \"features\": [[0],[1]], \"targets\": [0,1]}", "name"),
                Arguments.of("a newline in a feature name", "POST", DATASETS, json,
                        "{\"name\": \"n\", \"featureNames\": [\"a\\nb\"], \"features\": [[0],[1]], \"targets\": [0,1]}",
                        "featureNames[0]"),
                Arguments.of("a NUL in a class label", "POST", DATASETS, json,
                        "{\"name\": \"n\", \"features\": [[0],[1]], \"targets\": [\"a\\u0000\", \"b\"]}", "targets[0]"),
                Arguments.of("a C1 control character in a target name", "POST", DATASETS, json,
                        "{\"name\": \"n\", \"features\": [[0],[1]], \"targets\": [0.5, 1.5], \"targetNames\": [\"y\\u0085\"]}",
                        "targetNames[0]"),
                Arguments.of("a control character in a CSV header", "POST", DATASETS + "/csv?name=c", csv,
                        "a\u0001,label\n0,x\n1,y\n", "file"),
                Arguments.of("a NUL in a CSV label", "POST", DATASETS + "/csv?name=c", csv,
                        "a,label\n0,x\u0000\n1,y\n", "file"),
                Arguments.of("a NUL in a CSV number", "POST", DATASETS + "/csv?name=c", csv,
                        "a,label\n0\u0000,x\n1,y\n", "file"),
                Arguments.of("a control character in the name parameter", "POST", DATASETS + "/csv?name=c%01", csv,
                        "a,label\n0,x\n1,y\n", "name"),
                Arguments.of("a blank name parameter", "POST", DATASETS + "/csv?name=%20", csv,
                        "a,label\n0,x\n1,y\n", "name"),
                Arguments.of("the same target twice", "POST", DATASETS + "/csv?name=c&target=y&target=y", csv,
                        "a,y\n0,1\n1,2\n", "target"),
                Arguments.of("an empty target", "POST", DATASETS + "/csv?name=c&target=", csv,
                        "a,y\n0,1\n1,2\n", "target"),
                Arguments.of("an empty delimiter", "POST", DATASETS + "/csv?name=c&delimiter=", csv,
                        "a,y\n0,1\n1,2\n", "delimiter"),
                Arguments.of("a repeated CSV header", "POST", DATASETS + "/csv?name=c", csv,
                        "a,a,y\n0,1,1\n1,2,0\n", "file"),
                Arguments.of("a control character in a job's name", "POST", "/api/v1/training-jobs", json,
                        "{\"dataset\": {\"name\": \"d\", \"features\": [[0],[1]], \"targets\": [0,1]}, \"name\": \"j\\u001b[31m\"}",
                        "name"),
                Arguments.of("bias as a string", "POST", "/api/v1/training-jobs", json,
                        "{\"dataset\": {\"name\": \"d\", \"features\": [[0],[1]], \"targets\": [0,1]},"
                                + " \"model\": {\"output\": {\"bias\": \"yes\"}}}", "model.output.bias"),
                Arguments.of("a task by position", "POST", DATASETS, json,
                        "{\"name\": \"n\", \"task\": 1, \"features\": [[0],[1]], \"targets\": [0,1]}", "task"),
                Arguments.of("a CSV column name longer than the column", "POST", DATASETS + "/csv?name=c", csv,
                        "a".repeat(201) + ",label\n0,x\n1,y\n", "file"),
                Arguments.of("a multipart body without a boundary", "POST", DATASETS + "/upload?name=u",
                        "multipart/form-data", "--x\r\n", "file"),
                Arguments.of("a multipart body cut short", "POST", DATASETS + "/upload?name=u",
                        "multipart/form-data; boundary=zz",
                        "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,label\n1,", "file"),
                Arguments.of("booleans as class labels", "POST", DATASETS, json,
                        "{\"name\": \"n\", \"features\": [[0],[1]], \"targets\": [true, false]}", "targets[0]"),
                Arguments.of("half a surrogate pair in a dataset name", "POST", DATASETS, json,
                        "{\"name\": \"a\\ud800\", \"features\": [[0],[1]], \"targets\": [0,1]}", "name"),
                Arguments.of("a status with spaces around it", "GET", "/api/v1/training-jobs?status=%20QUEUED%20", json,
                        "", "status"),
                Arguments.of("a control character in an API key's name", "POST", "/api/v1/api-keys", json,
                        "{\"name\": \"k\\u0085\", \"role\": \"PREDICT\"}", "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void garbageIsRefusedNamingTheFieldAndStoresNothing(String what, String method, String path, String contentType,
            String body, String field) {
        long before = stored();
        Http.Response response = http.send(method, path, contentType, body);
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsString("field")).as(what + ": " + response.body())
                .anyMatch(f -> f.equals(field) || f.startsWith(field + ".") || f.startsWith(field + "["));
        assertThat(stored()).as(what).isEqualTo(before);
    }

    @Test
    void aModelDocumentWithAControlCharacterInANameIsRefused() {
        String document = """
                {"format": "backprop-model", "version": 1, "task": "CLASSIFICATION", "inputs": 1,
                 "featureNames": ["x\\n"], "targetNames": ["label"], "labels": ["a", "b"],
                 "layers": [{"units": 2, "activation": "SOFTMAX", "bias": true, "weights": [[0.5, -0.5]], "biases": [0, 0]}]}""";
        long before = stored();
        Http.Response response = http.postJson("/api/v1/models", document);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsString("field")).contains("featureNames[0]");
        assertThat(stored()).isEqualTo(before);
        Http.Response fine = http.postJson("/api/v1/models", document.replace("x\\n", "x"));
        assertThat(fine.status()).as(fine.body()).isEqualTo(201);
    }

    @Test
    void aModelDocumentDeclaringAHugeLayerIsRefusedWithoutAllocatingIt() {
        String document = """
                {"format": "backprop-model", "version": 1, "task": "REGRESSION", "inputs": 30000,
                 "featureNames": [], "targetNames": ["y"], "labels": [],
                 "layers": [{"units": 30000, "activation": "IDENTITY", "bias": false, "weights": [[1]]}]}""";
        Http.Response response = http.postJson("/api/v1/models", document);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void csvDownloadsEscapeFormulasAndReadBackToTheSameValues() {
        String csv = "a,label\n1,=1+2\n2,+SUM(A1)\n3,-x\n4,@cmd\n5,plain\n";
        Http.Response created = http.post(DATASETS + "/csv?name=formulas", "text/csv", csv);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Http.Response download = http.get(DATASETS + "/" + id + "/csv");
        assertThat(download.status()).isEqualTo(200);
        List<String> cells = download.body().lines().skip(1).map(line -> line.substring(line.indexOf(',') + 1)).toList();
        assertThat(cells).containsExactly("'=1+2", "'+SUM(A1)", "'-x", "'@cmd", "plain");
        // uploaded again, the escaped cells are the same labels as before
        Http.Response again = http.post(DATASETS + "/csv?name=formulas-again", "text/csv", download.body());
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        Http.Response rows = http.get(DATASETS + "/" + again.json().get("id").asString());
        assertThat(rows.body()).contains("=1+2", "+SUM(A1)", "-x", "@cmd").doesNotContain("'=1+2");
        // numbers are not escaped: a negative feature stays a number
        Http.Response negative = http.post(DATASETS + "/csv?name=negative", "text/csv", "a,y\n-1.5,1\n2,-3\n");
        String body = http.get(DATASETS + "/" + negative.json().get("id").asString() + "/csv").body();
        assertThat(body).contains("-1.5", "-3").doesNotContain("'-");
    }
}
