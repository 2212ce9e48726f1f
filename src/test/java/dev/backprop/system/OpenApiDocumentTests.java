package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.support.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document as client generators read it: one meaningful id per operation, JSON answered
 * as application/json (problem+json only for errors), every body required, patterns any regular
 * expression engine reads, and the committed copy (docs/openapi.json) the same as the served one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:endpoints;DB_CLOSE_DELAY=-1")
class OpenApiDocumentTests {

    private static final Path COMMITTED = Path.of("docs/openapi.json");
    private static final Pattern OPERATION_ID = Pattern.compile(
            "(list|get|create|upload|download|start|dryRun|cancel|stream|import|export|delete|evaluate|predict|revoke"
                    + "|server|model|set|rollback|refit)[A-Z]?[A-Za-z0-9]*");

    @LocalServerPort
    int port;

    JsonNode document;

    @BeforeEach
    void read() {
        Http.Response response = new Http(port).get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        document = response.json();
    }

    @Test
    void committedCopyIsTheServedDocument() throws IOException {
        // written for the linters and client generators run after the build (.ci/run)
        String pretty = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(document);
        Files.writeString(Path.of("target/openapi.json"), pretty + "\n");
        JsonNode committed = JsonMapper.builder().build().readTree(Files.readString(COMMITTED));
        assertThat(committed)
                .as("docs/openapi.json is not the document the service serves: cp target/openapi.json docs/openapi.json")
                .isEqualTo(document);
    }

    @Test
    void everyOperationHasItsOwnMeaningfulId() {
        Set<String> ids = new HashSet<>();
        operations().forEach((name, operation) -> {
            String id = operation.path("operationId").asString("");
            assertThat(id).as(name).matches(OPERATION_ID);
            assertThat(ids.add(id)).as(name + " " + id + " is unique").isTrue();
        });
    }

    @Test
    void successesAreTheirOwnTypeAndErrorsProblemJson() {
        operations().forEach((name, operation) -> {
            for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
                Set<String> types = new HashSet<>();
                response.getValue().path("content").propertyNames().forEach(types::add);
                assertThat(types).as(name + " " + response.getKey()).doesNotContain("*/*");
                if (response.getKey().startsWith("2")) {
                    assertThat(types).as(name + " " + response.getKey()).doesNotContain("application/problem+json");
                    for (String type : types) {
                        assertThat(response.getValue().path("content").path(type).has("schema"))
                                .as(name + " " + response.getKey() + " " + type + " has a schema").isTrue();
                    }
                }
            }
            if (operation.has("requestBody")) {
                assertThat(operation.path("requestBody").path("required").asBoolean()).as(name + " body").isTrue();
            }
        });
    }

    @Test
    void patternsAreAnchoredAndPortable() {
        List<String> patterns = new ArrayList<>();
        collect(document, "pattern", patterns);
        assertThat(patterns).isNotEmpty().allSatisfy(pattern -> {
            assertThat(pattern).startsWith("^").endsWith("$").doesNotContain("\\p{");
            Pattern.compile(pattern);
        });
        // free text (names, descriptions) takes anything printable, and refuses control characters
        assertThat(patterns).filteredOn(Text.NO_CONTROL::equals).isNotEmpty().allSatisfy(pattern -> {
            Pattern compiled = Pattern.compile(pattern);
            assertThat(compiled.matcher("fraud-service \u00e9\uD83D\uDE00").matches()).isTrue();
            assertThat(compiled.matcher("a\u0000b").matches()).isFalse();
            assertThat(compiled.matcher("a\u0085").matches()).isFalse();
            assertThat(compiled.matcher("a\uD800").matches()).isFalse();
        });
    }

    @Test
    void eachConceptHasItsOwnSchema() {
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("JobCharts").path("properties").propertyNames()).containsExactlyInAnyOrder("loss", "metric");
        assertThat(schemas.path("ModelCharts").path("properties").propertyNames())
                .containsExactlyInAnyOrder("confusionMatrix", "decisionBoundary");
        assertThat(schemas.path("NetworkLayer").path("properties").has("weights")).isFalse();
        assertThat(schemas.path("ModelDocumentLayer").path("properties").has("weights")).isTrue();
        assertThat(schemas.has("Charts")).isFalse();
        JsonNode start = document.path("paths").path("/api/v1/training-jobs").path("post").path("responses");
        assertThat(start.propertyNames()).filteredOn(code -> code.startsWith("2")).containsExactly("202");
        assertThat(start.path("202").path("content").path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/JobResponse");
        JsonNode infer = document.path("paths").path("/v2/models/{name}/infer").path("post").path("responses");
        assertThat(infer.propertyNames()).contains("200", "400", "404");
    }

    @Test
    void readsInWorkflowOrder() {
        List<String> tags = new ArrayList<>();
        document.path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
        assertThat(tags).containsExactly("Datasets", "Training jobs", "Searches", "Models", "Predictions",
                "Open Inference Protocol v2", "API keys");
        List<String> paths = new ArrayList<>(document.path("paths").propertyNames());
        assertThat(paths.indexOf("/api/v1/datasets")).isLessThan(paths.indexOf("/api/v1/datasets/{id}"));
        assertThat(paths.indexOf("/api/v1/datasets/{id}")).isLessThan(paths.indexOf("/api/v1/training-jobs"));
        assertThat(paths.indexOf("/api/v1/training-jobs/{id}")).isLessThan(paths.indexOf("/api/v1/searches"));
        assertThat(paths.indexOf("/api/v1/searches/{id}")).isLessThan(paths.indexOf("/api/v1/models"));
        assertThat(paths.getLast()).startsWith("/api/v1/api-keys");
        assertThat(document.path("servers").path(0).path("url").asString()).isEqualTo("/");
        JsonNode ui = new Http(port).get("/v3/api-docs/swagger-config").json();
        assertThat(ui.path("persistAuthorization").asBoolean()).as(ui.toString()).isTrue();
        assertThat(ui.has("operationsSorter")).as("operations as the document lists them").isFalse();
    }

    @Test
    void requestExamplesRunInSwaggerUi() {
        Http http = new Http(port);
        Map<String, String> tried = new java.util.LinkedHashMap<>();
        for (String path : List.of("/api/v1/datasets", "/api/v1/training-jobs", "/api/v1/training-jobs/dry-run")) {
            JsonNode examples = document.path("paths").path(path).path("post").path("requestBody").path("content")
                    .path("application/json").path("examples");
            for (Map.Entry<String, JsonNode> example : examples.properties()) {
                // a job example is checked by a dry run, which stores nothing and starts nothing
                String target = path.equals("/api/v1/datasets") ? path : "/api/v1/training-jobs/dry-run";
                JsonNode value = example.getValue().path("value");
                Http.Response response = http.postJson(target, value.isString() ? value.asString() : value.toString());
                tried.put(path + " " + example.getKey(), response.status() + " " + response.body());
            }
        }
        assertThat(tried).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy((example, answer) -> assertThat(answer).as(example).matches("20[01] .*"));
    }

    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                operations.put(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
            }
        }
        return operations;
    }

    private static void collect(JsonNode node, String field, List<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().equals(field) && entry.getValue().isString()) {
                    into.add(entry.getValue().asString());
                } else {
                    collect(entry.getValue(), field, into);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, field, into));
        }
    }
}
