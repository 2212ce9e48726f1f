package dev.backprop.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    /** Writes the error for the request's path with its status, content type and body. */
    public static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        // Tomcat rejects some requests before it has a URI or a context: those have no path
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri == null ? "" : context == null ? uri : uri.substring(context.length());
        boolean protocol = InferenceProtocolPaths.contains(path);
        Map<String, Object> body = new LinkedHashMap<>();
        if (protocol) {
            body.put("error", detail);
        } else {
            body.put("type", "about:blank");
            body.put("title", title);
            body.put("status", status);
            body.put("detail", detail);
            if (!path.isEmpty()) {
                body.put("instance", path);
            }
        }
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        response.setContentType(protocol ? MediaType.APPLICATION_JSON_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonMapper.shared().writeValue(response.getOutputStream(), body);
    }
}
