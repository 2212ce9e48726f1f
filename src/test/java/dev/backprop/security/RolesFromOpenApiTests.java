package dev.backprop.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.support.Http;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JsonNode;

/**
 * 401 and 403 for every operation the OpenAPI document lists, every role and every spelling of its
 * path: the operations come from the document, so a new endpoint is covered the day it is added. The
 * roles each operation needs are the rules, written here independently of the service's own
 * annotations; the document's {@code x-required-role} must say the same.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:roles;DB_CLOSE_DELAY=-1")
@Import({RolesFromOpenApiTests.Probe.class, RolesFromOpenApiTests.Undeclared.class})
class RolesFromOpenApiTests {

    private static final String NO_ID = "00000000-0000-0000-0000-000000000000";
    private static final List<String> ROLES = List.of("PREDICT", "READ", "TRAIN", "ADMIN");
    private static final String PROBE = "X-Test-Probe";

    @LocalServerPort
    int port;

    @Autowired
    Probe probe;

    /**
     * Records, for requests carrying {@value #PROBE}, the operation (method and matched path pattern) whose
     * handler was about to run: it sits after the role check, so it sees only what the check let through.
     * Static files and the error page are not operations.
     */
    @TestConfiguration
    static class Probe implements WebMvcConfigurer, HandlerInterceptor {

        final Map<String, String> reached = new ConcurrentHashMap<>();

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(this);
        }

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            String id = request.getHeader(PROBE);
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            boolean operation = handler instanceof HandlerMethod method
                    && method.getBeanType().getName().startsWith("dev.backprop.")
                    && !ErrorController.class.isAssignableFrom(method.getBeanType());
            if (id != null && pattern != null && operation && request.getDispatcherType() == DispatcherType.REQUEST) {
                reached.put(id, request.getMethod() + " " + pattern);
            }
            return true;
        }
    }

    /** A handler of the service's package that declares no role: nobody may call it. */
    @Hidden
    @RestController
    static class Undeclared {

        @GetMapping("/api/v1/undeclared")
        String undeclared() {
            return "reached";
        }
    }

    @Test
    void aHandlerThatDeclaresNoRoleIsRefusedToEveryCaller() {
        Http admin = new Http(port);
        Http.Response response = admin.get("/api/v1/undeclared");
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.json().get("detail").asString()).contains("not open to any caller");
        assertThat(admin.anonymous().get("/api/v1/undeclared").status()).isEqualTo(401);
    }

    /** PREDICT predicts and infers; READ reads the rest; ADMIN deletes and manages keys; TRAIN writes the rest. */
    private static String needed(String method, String path) {
        if (method.equals("DELETE") || path.startsWith("/api/v1/api-keys")) {
            return "ADMIN";
        }
        if (path.startsWith("/v2/") || path.endsWith("/predict")) {
            return "PREDICT";
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return "READ";
        }
        return "TRAIN";
    }

    /** One documented operation, its path with ids filled in, and a body of the media type it takes. */
    private record Operation(String method, String path, String template, String contentType, byte[] body,
            String documentedRole) {

        String name() {
            return method + " " + template;
        }
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
                String contentType = "application/json";
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                JsonNode content = operation.getValue().path("requestBody").path("content");
                if (content.has("text/csv")) {
                    contentType = "text/csv";
                    body = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
                } else if (content.has("multipart/form-data")) {
                    contentType = "multipart/form-data; boundary=b";
                    body = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n"
                            + "Content-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
                }
                operations.add(new Operation(operation.getKey().toUpperCase(), concrete, path.getKey(), contentType, body,
                        operation.getValue().path("x-required-role").asString(null)));
            }
        }
        return operations;
    }

    private static void assertRefused(Http.Response response, int status, Operation operation, String who) {
        String what = who + " " + operation.name();
        assertThat(response.status()).as(what + ": " + response.body()).isEqualTo(status);
        if (operation.path().startsWith("/v2/")) {
            assertThat(response.contentType()).as(what).startsWith("application/json");
            assertThat(response.json().get("error").asString()).as(what).isNotBlank();
        } else {
            assertThat(response.contentType()).as(what).startsWith("application/problem+json");
            assertThat(response.json().get("status").asInt()).as(what).isEqualTo(status);
        }
    }

    private Map<String, Http> callers(Http admin) {
        Map<String, Http> callers = new LinkedHashMap<>();
        callers.put("anonymous", admin.anonymous());
        callers.put("PREDICT", admin.as(key(admin, "PREDICT")));
        callers.put("READ", admin.as(key(admin, "READ")));
        callers.put("TRAIN", admin.as(key(admin, "TRAIN")));
        callers.put("ADMIN", admin);
        return callers;
    }

    @Test
    void everyDocumentedOperationRefusesCallersWithoutTheRoleItNeeds() {
        Http admin = new Http(port);
        Map<String, Http> callers = callers(admin);
        List<Operation> operations = operations(admin);
        assertThat(operations).hasSizeGreaterThan(25);
        int checked = 0;
        for (Operation operation : operations) {
            assertThat(operation.documentedRole()).as("x-required-role of " + operation.name())
                    .isEqualTo(needed(operation.method(), operation.template()));
            assertRefused(send(callers.get("anonymous"), operation, operation.path(), "-"), 401, operation, "anonymous");
            int needed = ROLES.indexOf(needed(operation.method(), operation.template()));
            for (int role = 0; role < ROLES.size(); role++) {
                String id = UUID.randomUUID().toString();
                Http.Response response = send(callers.get(ROLES.get(role)), operation, operation.path(), id);
                if (role < needed) {
                    assertRefused(response, 403, operation, ROLES.get(role));
                    assertThat(response.body()).contains(ROLES.get(needed) + " role");
                    assertThat(probe.reached).as(ROLES.get(role) + " " + operation.name()).doesNotContainKey(id);
                } else {
                    // allowed: whatever the body or the missing id earns, it is not an auth error
                    assertThat(response.status()).as(ROLES.get(role) + " " + operation.name() + ": " + response.body())
                            .isNotIn(401, 403).isLessThan(500);
                    assertThat(probe.reached.get(id)).as("the probe sees " + operation.name())
                            .isEqualTo(operation.method() + " " + operation.template());
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(ROLES.size() * operations.size());
    }

    /**
     * Every documented operation under every spelling of its path a client can write - percent-escapes,
     * case, trailing and doubled slashes, matrix parameters, dot segments plain and escaped, escaped
     * slashes and backslashes, double escapes - sent byte for byte by every caller: whatever answers, no
     * request reaches a handler whose operation needs a role the caller lacks, and none succeeds for it.
     */
    @Test
    void noSpellingOfAPathReachesAnOperationTheCallersRoleMayNot() {
        Http admin = new Http(port);
        Map<String, Http> callers = callers(admin);
        List<Operation> operations = operations(admin);
        int sent = 0;
        int reachedAs = 0;
        List<String> problems = new ArrayList<>();
        for (Operation operation : operations) {
            for (String spelling : spellings(operation)) {
                for (Map.Entry<String, Http> caller : callers.entrySet()) {
                    String id = UUID.randomUUID().toString();
                    Http.Response response = send(caller.getValue(), operation, spelling, id);
                    sent++;
                    String reached = probe.reached.get(id);
                    String what = caller.getKey() + " " + operation.method() + " " + spelling + " -> " + response.status();
                    if (reached != null) {
                        reachedAs++;
                        String[] methodAndPattern = reached.split(" ", 2);
                        if (!allowed(caller.getKey(), needed(methodAndPattern[0], methodAndPattern[1]))) {
                            problems.add(what + " reached " + reached);
                        }
                    } else if (!allowed(caller.getKey(), needed(operation.method(), operation.template()))
                            && response.status() < 300) {
                        problems.add(what + " succeeded without reaching a handler the probe sees");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(sent).isGreaterThan(operations.size() * 4 * 15);
        // the spellings the server routes do reach handlers for callers allowed there: the probe is not blind
        assertThat(reachedAs).isGreaterThan(operations.size() * 2);
    }

    private static boolean allowed(String caller, String needed) {
        return ROLES.contains(caller) && ROLES.indexOf(caller) >= ROLES.indexOf(needed);
    }

    private static Http.Response send(Http caller, Operation operation, String target, String probeId) {
        return caller.raw(operation.method(), target, operation.contentType(), operation.body(), PROBE, probeId);
    }

    /** Other ways to write an operation's path, each a request target as sent on the wire. */
    static Set<String> spellings(Operation operation) {
        String path = operation.path();
        List<String> segments = List.of(path.substring(1).split("/"));
        List<String> templateSegments = List.of(operation.template().substring(1).split("/"));
        Set<String> out = new LinkedHashSet<>();
        out.add(path);
        int last = segments.size() - 1;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (templateSegments.get(i).startsWith("{")) {
                continue;
            }
            out.add(with(segments, i, escape(segment.charAt(0), false) + segment.substring(1)));
            out.add(with(segments, i, "%25" + hex(segment.charAt(0), false) + segment.substring(1)));
            out.add(with(segments, i, escapeAll(segment)));
            out.add(with(segments, i, segment.replace("-", "%2D")));
            out.add(with(segments, i, segment.toUpperCase()));
            out.add(with(segments, i, segment + ";a=b"));
            out.add(with(segments, i, segment + "%3Ba=b"));
        }
        out.add(path + "/");
        out.add(path + "//");
        out.add(path.toUpperCase());
        out.add("/" + path);
        for (int i = 1; i <= last; i++) {
            String before = "/" + String.join("/", segments.subList(0, i));
            String after = String.join("/", segments.subList(i, segments.size()));
            out.add(before + "//" + after);
            out.add(before + "/./" + after);
            out.add(before + "/x/../" + after);
            out.add(before + "/%2e/" + after);
            out.add(before + "/x/%2E%2E/" + after);
            out.add(before + "%2F" + after);
            out.add(before + "%5C" + after);
            out.add(before + "\\" + after);
        }
        out.add(path + "/.");
        out.add(path + "%00");
        out.add(path + "?x=/api/v1/api-keys");
        out.add("/api/v1/datasets/../.." + path);
        return out;
    }

    private static String with(List<String> segments, int index, String replacement) {
        List<String> copy = new ArrayList<>(segments);
        copy.set(index, replacement);
        return "/" + String.join("/", copy);
    }

    private static String escapeAll(String segment) {
        StringBuilder out = new StringBuilder();
        for (char c : segment.toCharArray()) {
            out.append(escape(c, true));
        }
        return out.toString();
    }

    private static String escape(char c, boolean upper) {
        return "%" + hex(c, upper);
    }

    private static String hex(char c, boolean upper) {
        String hex = String.format("%02x", (int) c);
        return upper ? hex.toUpperCase() : hex;
    }

    private static String key(Http admin, String role) {
        Http.Response created = admin.postJson("/api/v1/api-keys", "{\"name\": \"" + role + "\", \"role\": \"" + role + "\"}");
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("key").asString();
    }
}
