package dev.backprop.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * 401 and 403 for every operation the OpenAPI document lists, and every role: the operations come
 * from the document, so a new endpoint is covered the day it is added. The roles each operation
 * needs are the rules, written here independently of the service's own table.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:roles;DB_CLOSE_DELAY=-1")
class RolesFromOpenApiTests {

    private static final String NO_ID = "00000000-0000-0000-0000-000000000000";
    private static final List<String> ROLES = List.of("PREDICT", "TRAIN", "ADMIN");

    @LocalServerPort
    int port;

    /** PREDICT reads, predicts and infers; ADMIN deletes and manages keys; TRAIN writes the rest. */
    private static String needed(String method, String path) {
        if (method.equals("DELETE") || path.startsWith("/api/v1/api-keys")) {
            return "ADMIN";
        }
        if (method.equals("GET") || path.startsWith("/v2/") || path.endsWith("/predict")) {
            return "PREDICT";
        }
        return "TRAIN";
    }

    private record Operation(String method, String path, String template) {
    }

    private List<Operation> operations(Http http) {
        JsonNode document = http.get("/v3/api-docs").json();
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                JsonNode security = operation.getValue().get("security");
                if (security != null && security.isEmpty()) {
                    continue; // declared public (health)
                }
                String concrete = path.getKey();
                for (JsonNode parameter : operation.getValue().path("parameters")) {
                    if (parameter.path("in").asString("").equals("path")) {
                        String type = parameter.path("schema").path("type").asString("string");
                        concrete = concrete.replace("{" + parameter.get("name").asString() + "}",
                                type.equals("integer") ? "1" : NO_ID);
                    }
                }
                operations.add(new Operation(operation.getKey().toUpperCase(), concrete, path.getKey()));
            }
        }
        return operations;
    }

    private static void assertRefused(Http.Response response, int status, Operation operation, String who) {
        String what = who + " " + operation.method() + " " + operation.template();
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        if (operation.path().startsWith("/v2/")) {
            assertThat(response.contentType()).as(what).startsWith("application/json");
            assertThat(response.json().get("error").asString()).as(what).isNotBlank();
        } else {
            assertThat(response.contentType()).as(what).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).as(what).isEqualTo(status);
        }
    }

    @Test
    void everyDocumentedOperationRefusesCallersWithoutTheRoleItNeeds() {
        Http admin = new Http(port);
        Map<String, Http> callers = Map.of("ADMIN", admin,
                "TRAIN", admin.as(key(admin, "TRAIN")), "PREDICT", admin.as(key(admin, "PREDICT")));
        List<Operation> operations = operations(admin);
        assertThat(operations).hasSizeGreaterThan(25);
        int checked = 0;
        for (Operation operation : operations) {
            assertRefused(admin.anonymous().send(operation.method(), operation.path(), "application/json", "{}"), 401,
                    operation, "anonymous");
            int needed = ROLES.indexOf(needed(operation.method(), operation.template()));
            for (int role = 0; role < ROLES.size(); role++) {
                Http.Response response = callers.get(ROLES.get(role))
                        .send(operation.method(), operation.path(), "application/json", "{}");
                if (role < needed) {
                    assertRefused(response, 403, operation, ROLES.get(role));
                    assertThat(response.body()).contains(ROLES.get(needed) + " role");
                } else {
                    // allowed: whatever the empty body or the missing id earns, it is not an auth error
                    assertThat(response.status()).as(ROLES.get(role) + " " + operation.method() + " "
                            + operation.template() + ": " + response.body()).isNotIn(401, 403).isLessThan(500);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3 * operations.size());
    }

    private static String key(Http admin, String role) {
        Http.Response created = admin.postJson("/api/v1/api-keys", "{\"name\": \"" + role + "\", \"role\": \"" + role + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("key").asString();
    }
}
