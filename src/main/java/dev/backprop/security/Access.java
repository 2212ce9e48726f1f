package dev.backprop.security;

import dev.backprop.system.InferenceProtocolPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Which role a request needs, in one place: the authorization decision and the 403's message both
 * read it. Reads and predictions need {@code PREDICT}; creating, changing and cancelling need
 * {@code TRAIN}; deleting and managing keys need {@code ADMIN}.
 */
final class Access implements AuthorizationManager<RequestAuthorizationContext> {

    /** Open to anyone: liveness and readiness, the API's description, Swagger UI and the dashboard's files. */
    static final String[] PUBLIC = {"/actuator/health", "/actuator/health/**", "/v2/health/**", "/v3/api-docs",
        "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/error",
        // the dashboard's page and scripts: they hold no data; what they fetch needs the key pasted into them
        "/", "/index.html", "/dashboard/**", "/webjars/**", "/favicon.ico"};

    static Role needed(HttpServletRequest request) {
        String path = path(request);
        String method = request.getMethod();
        if (path.equals("/api/v1/api-keys") || path.startsWith("/api/v1/api-keys/")
                || HttpMethod.DELETE.matches(method)) {
            return Role.ADMIN;
        }
        if (HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method) || HttpMethod.OPTIONS.matches(method)
                || isInferenceProtocol(request)
                || (HttpMethod.POST.matches(method) && path.startsWith("/api/v1/models/") && path.endsWith("/predict"))) {
            return Role.PREDICT;
        }
        return Role.TRAIN;
    }

    static boolean isInferenceProtocol(HttpServletRequest request) {
        return InferenceProtocolPaths.contains(path(request));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        Role needed = needed(context.getRequest());
        boolean granted = Caller.of(authentication.get()).map(c -> c.role().includes(needed)).orElse(false);
        return new AuthorizationDecision(granted);
    }
}
