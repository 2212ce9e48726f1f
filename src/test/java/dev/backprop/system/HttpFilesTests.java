package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The http/ folder against the OpenAPI document: a request for every operation, each checking its
 * status, and host and key from the environment files, never written in a file. CI runs them all
 * (.ci/clients); this says, without a service, that none is missing.
 */
class HttpFilesTests {

    private static final Pattern REQUEST = Pattern.compile("(?m)^(GET|POST|PUT|PATCH|DELETE) \\{\\{host}}(\\S+)");

    @Test
    void everyOperationHasACheckedRequest() throws IOException {
        List<String> requests = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("http"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
                String text = Files.readString(file);
                assertThat(text).as(file + " takes host and key from the environment")
                        .doesNotContainPattern("(?m)^@(host|key)\\s*=");
                for (String block : text.split("(?m)^###")) {
                    Matcher request = REQUEST.matcher(block);
                    if (request.find()) {
                        requests.add(request.group(1) + " " + request.group(2).replaceFirst("\\?.*", ""));
                        assertThat(block).as(file + ": " + request.group() + " checks its status").contains("client.test(");
                    }
                }
            }
        }
        JsonNode paths = JsonMapper.builder().build().readTree(Files.readString(Path.of("docs/openapi.json"))).path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            Pattern template = Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
            for (String method : path.getValue().propertyNames()) {
                String operation = method.toUpperCase() + " " + path.getKey();
                assertThat(requests).as(operation).anyMatch(r -> r.startsWith(method.toUpperCase() + " ")
                        && template.matcher(r.substring(r.indexOf(' ') + 1)).matches());
            }
        }
    }
}
