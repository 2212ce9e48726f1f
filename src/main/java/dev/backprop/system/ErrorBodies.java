package dev.backprop.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Error answers written outside Spring MVC (security filters, body limits, Tomcat's own rejections) in
 * the API's two forms: problem+json, and {@code {"error": ...}} under /v2 (the Open Inference
 * Protocol's).
 */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    /** Writes the error for {@code path} (without the context path) with its status and content type. */
    public static void write(String path, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        boolean protocol = InferenceProtocolPaths.contains(path);
        response.setContentType(protocol ? MediaType.APPLICATION_JSON_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        write(response.getOutputStream(), protocol, status, title, detail, path);
    }

    /** The body alone, for writers that set status and headers their own way. */
    public static void write(OutputStream out, boolean protocol, int status, String title, String detail,
            String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (protocol) {
            body.put("error", detail);
        } else {
            body.put("type", "about:blank");
            body.put("title", title);
            body.put("status", status);
            body.put("detail", detail);
            if (instance != null) {
                body.put("instance", instance);
            }
        }
        JsonMapper.shared().writeValue(out, body);
    }
}
