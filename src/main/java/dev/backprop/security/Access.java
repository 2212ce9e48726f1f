package dev.backprop.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Who may call what, decided on the handler Spring MVC matched: the security filter only authenticates
 * (a key or a JWT for every path but {@link #PUBLIC}), and this interceptor, which runs after routing
 * and before any argument is read, compares the caller's role with the handler's {@link RequiresRole}.
 * So a path's spelling (percent-encoding, case, slashes, dot segments) cannot lead to an operation by
 * another route than the one the check read. A request no handler takes (an unknown path, method or
 * media type) is answered as such; the service's own handlers without a declared role are refused to
 * everyone, and the framework's (actuator, the OpenAPI document) are left to the filter: a key for all
 * but the {@link #PUBLIC} paths, matched on the decoded path as routing matches it.
 */
final class Access implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(Access.class);

    /** Open to anyone: liveness and readiness, the API's description, Swagger UI and the dashboard's files. */
    static final String[] PUBLIC = {"/actuator/health", "/actuator/health/**", "/v2/health/**", "/v3/api-docs",
        "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/error",
        // the dashboard's page and scripts: they hold no data; what they fetch needs the key pasted into them
        "/", "/index.html", "/dashboard/**", "/webjars/**", "/favicon.ico"};

    private static final String OWN_PACKAGE = "dev.backprop.";

    private final SecurityErrors errors;

    Access(SecurityErrors errors) {
        this.errors = errors;
    }

    /** What a handler asks of its callers. */
    sealed interface Rule {
    }

    /** Anyone, with or without a key. */
    record Open() implements Rule {
    }

    /** A caller whose role includes {@code role}. */
    record Needs(Role role) implements Rule {
    }

    /**
     * The framework's own endpoints (actuator, the OpenAPI document): the security filter's paths decide,
     * so any authenticated caller reaches them, with any method; the actuator exposes only reads.
     */
    record Framework() implements Rule {
    }

    /** The service's handler declares nothing: nobody. */
    record Undeclared() implements Rule {
    }

    static Rule rule(HandlerMethod handler) {
        if (handler.hasMethodAnnotation(OpenToAll.class)) {
            return new Open();
        }
        RequiresRole declared = Optional.ofNullable(handler.getMethodAnnotation(RequiresRole.class))
                .orElseGet(() -> AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequiresRole.class));
        if (declared != null) {
            return new Needs(declared.value());
        }
        if (ErrorController.class.isAssignableFrom(handler.getBeanType())) {
            return new Open(); // renders the answer to a request that already failed
        }
        return handler.getBeanType().getName().startsWith(OWN_PACKAGE) ? new Undeclared() : new Framework();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        // an async dispatch resumes a request this already let through; an error dispatch renders an error
        if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() == DispatcherType.ASYNC
                || request.getDispatcherType() == DispatcherType.ERROR) {
            return true;
        }
        Rule rule = rule(method);
        switch (rule) {
            case Open open -> {
                return true;
            }
            case Undeclared undeclared -> {
                log.error("Refused {} {}: its handler {} declares no role", request.getMethod(),
                        request.getRequestURI(), method.getShortLogMessage());
                errors.forbidden(request, response, "This operation is not open to any caller");
                return false;
            }
            case Framework framework -> {
                return true;
            }
            case Needs needs -> {
                Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                if (authentication == null || !authentication.isAuthenticated()
                        || authentication instanceof AnonymousAuthenticationToken) {
                    errors.unauthenticated(request, response);
                    return false;
                }
                Optional<Role> role = Caller.of(authentication).map(Caller::role);
                if (role.isEmpty() || !role.get().includes(needs.role())) {
                    errors.forbidden(request, response, "This request needs the " + needs.role().name()
                            + " role (or a higher one); the caller has " + role.map(r -> "the " + r.name() + " role")
                            .orElse("no role"));
                    return false;
                }
                return true;
            }
        }
    }
}
