package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.support.Http;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** What operators and API users reach besides the resources: OpenAPI, Swagger UI and actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:endpoints;DB_CLOSE_DELAY=-1")
class ServiceEndpointsTests {

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void documentsEveryApiOperationWithSummaryDescriptionAndExamples() throws IOException {
        Http.Response response = http.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        JsonNode paths = response.json().get("paths");
        List<String> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                operations.add(name);
                JsonNode op = operation.getValue();
                assertThat(op.path("summary").asString("")).as(name).isNotBlank();
                assertThat(op.path("description").asString("")).as(name).isNotBlank();
                if (path.getKey().startsWith("/api/")) {
                    // the error responses are declared once and referenced; a 4xx said inline has the problem body
                    JsonNode responses = op.path("responses");
                    assertThat(responses.has("400")).as(name + " 400").isTrue();
                    if (path.getKey().contains("{")) {
                        assertThat(responses.path("404").path("$ref").asString(""))
                                .as(name + " 404").isEqualTo("#/components/responses/NotFound");
                    }
                    for (Map.Entry<String, JsonNode> r : responses.properties()) {
                        if (r.getKey().startsWith("4") && !r.getValue().has("$ref")) {
                            assertThat(r.getValue().path("content").path("application/problem+json").path("schema")
                                    .path("$ref").asString("")).as(name + " " + r.getKey())
                                    .isEqualTo("#/components/schemas/Problem");
                        }
                    }
                }
                for (JsonNode content : op.path("requestBody").path("content")) {
                    boolean fileUpload = content.path("schema").path("properties").has("file");
                    assertThat(fileUpload || content.has("examples") || content.has("example")
                            || content.path("schema").has("example")).as(name + " request example").isTrue();
                }
            }
        }
        assertThat(operations).contains(
                "POST /api/v1/datasets", "POST /api/v1/datasets/csv", "POST /api/v1/datasets/upload",
                "GET /api/v1/datasets", "GET /api/v1/datasets/{id}", "GET /api/v1/datasets/{id}/rows",
                "GET /api/v1/datasets/{id}/csv", "DELETE /api/v1/datasets/{id}");
        assertThat(operations).noneMatch(op -> op.contains("/error"));
        JsonNode components = response.json().path("components");
        assertThat(components.path("responses").has("BadRequest")).isTrue();
        assertThat(components.path("responses").has("NotFound")).isTrue();
        assertThat(components.path("schemas").path("Problem").path("properties").has("errors")).isTrue();
        assertThat(response.json().path("info").path("contact").path("name").asString("")).isNotBlank();
        for (String[] documented : new String[][] {{"/api/v1/datasets", "post", "201"},
                {"/api/v1/datasets", "post", "400"}, {"/api/v1/training-jobs", "post", "202"},
                {"/api/v1/training-jobs/{id}", "get", "200"}, {"/api/v1/models/{id}/predict", "post", "200"}}) {
            JsonNode content = paths.path(documented[0]).path(documented[1]).path("responses").path(documented[2])
                    .path("content");
            assertThat(content.toString()).as(String.join(" ", documented)).contains("\"examples\"");
        }
        assertThat(paths.path("/api/v1/datasets/csv").path("post").path("requestBody").path("content").has("text/csv"))
                .isTrue();
        assertThat(paths.path("/api/v1/datasets/upload").path("post").path("requestBody").path("content")
                .has("multipart/form-data")).isTrue();
    }

    @Test
    void answersWhatTheOperationMakesToClientsThatAcceptJson() {
        String id = http.create("/api/v1/datasets", """
                {"name": "accept", "features": [[0, 0], [1, 1]], "targets": [0, 1]}""");
        // generated clients put the error type in Accept: first, or alone where the answer is not JSON
        Http.Response json = http.send("GET", "/api/v1/datasets/" + id, "application/json", "",
                "Accept", "application/problem+json, application/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).isEqualTo("application/json");
        Http.Response csv = http.send("GET", "/api/v1/datasets/" + id + "/csv", "application/json", "",
                "Accept", "application/problem+json");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        Http.Response missing = http.send("GET", "/api/v1/datasets/00000000-0000-0000-0000-000000000000/csv",
                "application/json", "", "Accept", "text/csv, application/problem+json");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
        // a client that names only types the operation cannot make is still told so
        Http.Response image = http.send("GET", "/api/v1/datasets/" + id + "/csv", "application/json", "",
                "Accept", "image/png");
        assertThat(image.status()).isEqualTo(406);
    }

    @Test
    void servesSwaggerUi() {
        Http.Response redirect = http.get("/swagger-ui.html");
        assertThat(redirect.status()).isEqualTo(302);
        String location = redirect.header("Location");
        assertThat(location).contains("/swagger-ui/index.html");
        Http.Response page = http.get(location.replaceFirst("^https?://[^/]+", ""));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    @Test
    void exposesHealthProbesInfoAndMetrics() {
        assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/info").json().path("java").path("version").asString()).startsWith("25");
        assertThat(http.get("/actuator/metrics").json().get("names").toString()).contains("jvm.memory.used");
        Http.Response prometheus = http.get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void answersErrorsOutsideControllersWithProblems() {
        Http.Response response = http.get("/no/such/page");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("title").asString()).isEqualTo("Not Found");
    }
}
