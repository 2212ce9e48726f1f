package dev.backprop.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for API tests: what a curl user sends, and the status, headers and body they get. */
public final class Http {

    private static final JsonMapper JSON = new JsonMapper();

    /** The admin key every service started by the tests has (src/test/resources/config/application.yml). */
    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final String base;
    private final String key;

    /** A client that sends the tests' admin key. */
    public Http(int port) {
        this("http://localhost:" + port, ADMIN_KEY);
    }

    private Http(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** The same service, sending {@code key} as the bearer credential; null sends none. */
    public Http as(String key) {
        return new Http(base, key);
    }

    /** The same service, sending no credential. */
    public Http anonymous() {
        return as(null);
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A binary answer: status, headers and the body's bytes. */
    public record Download(int status, HttpHeaders headers, byte[] body) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A GET whose answer is kept byte for byte (a file, not text). */
    public Download download(String path) {
        HttpResponse<byte[]> response = exchange(HttpRequest.newBuilder(uri(path)).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Download(response.statusCode(), response.headers(), response.body());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** POSTs JSON that must be created (201) or accepted (202, a job) and returns the new resource's id. */
    public String create(String path, String json) {
        Response created = postJson(path, json);
        if (created.status() != 201 && created.status() != 202) {
            throw new AssertionError("POST " + path + " answered " + created.status() + ": " + created.body());
        }
        return created.json().get("id").asString();
    }

    public Response postJson(String path, String json) {
        return post(path, "application/json", json);
    }

    public Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public Response post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Any request with a body and extra headers given as name, value pairs. */
    public Response send(String method, String path, String contentType, String body, String... headers) {
        return send(method, path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Any request with a body given byte for byte, and extra headers given as name, value pairs. */
    public Response send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response method(String method, String path) {
        return send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** A multipart/form-data upload: one file part and plain fields. */
    public Response postMultipart(String path, String fileName, byte[] file, String... fields) {
        String boundary = "----backprop" + UUID.randomUUID();
        var out = new ByteArrayOutputStream();
        try {
            for (int i = 0; i + 1 < fields.length; i += 2) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                        + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(file);
            out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return post(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    /** A POST whose body is sent chunked, with no Content-Length. */
    public Response postChunked(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    /**
     * A request written byte for byte over a socket ({@code Connection: close} is added), for what
     * HttpClient refuses to send: bad percent-encoding, request lines beyond the server's limits.
     */
    public Response raw(String method, String target) {
        return raw(method, target, null, new byte[0]);
    }

    /**
     * A request written byte for byte over a socket, with a body (sent with its Content-Length when
     * {@code contentType} is not null) and extra headers given as name, value pairs: the request target
     * reaches the server exactly as written, dot segments and percent-escapes included.
     */
    public Response raw(String method, String target, String contentType, byte[] content, String... extra) {
        URI at = URI.create(base);
        try (Socket socket = new Socket(at.getHost(), at.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + at.getHost() + "\r\n"
                    + (key == null ? "" : "Authorization: Bearer " + key + "\r\n") + "Connection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(content.length)
                        .append("\r\n");
            }
            for (int i = 0; i + 1 < extra.length; i += 2) {
                head.append(extra[i]).append(": ").append(extra[i + 1]).append("\r\n");
            }
            socket.getOutputStream().write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(content);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), h -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            String body = answer.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", List.of("")).getFirst())) {
                body = dechunk(body);
            }
            return new Response(Integer.parseInt(lines[0].split(" ")[1]), HttpHeaders.of(headers, (a, b) -> true), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    /** Sends the request with this client's key (unless it carries its own Authorization). */
    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            HttpRequest built = request.build();
            if (key != null && built.headers().firstValue("Authorization").isEmpty()) {
                built = HttpRequest.newBuilder(built, (name, value) -> true).header("Authorization", "Bearer " + key).build();
            }
            return CLIENT.send(built, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
