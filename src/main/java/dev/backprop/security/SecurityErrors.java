package dev.backprop.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import dev.backprop.system.DatabaseOutages;
import dev.backprop.system.ErrorBodies;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * 401, 403 and the 503 of a key that cannot be checked, in the API's two forms: problem+json, and {"error": ...} under /v2 (the Open
 * Inference Protocol's). A 401 carries {@code WWW-Authenticate: Bearer} as RFC 6750 asks.
 */
@Component
class SecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof SecurityConfiguration.KeyUncheckable) {
            // the key service has already noted the outage (DatabaseStatus logs it once)
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutages.RETRY_AFTER.toSeconds()));
            write(request, response, 503, "Service Unavailable",
                    "The API key cannot be checked while the database does not answer; try again in a few seconds");
            return;
        }
        unauthenticated(request, response);
    }

    void unauthenticated(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // a valid key never reaches here (a valid key lacking the role is a 403), so a sent one is bad
        boolean badToken = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                badToken ? "Bearer error=\"invalid_token\", error_description=\"The API key is not valid\"" : "Bearer");
        write(request, response, 401, "Unauthorized", badToken
                ? "The API key or token is not valid, or has been revoked"
                : "This endpoint needs an API key: send it as 'Authorization: Bearer <key>'");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        forbidden(request, response, "The caller's role does not allow this request");
    }

    void forbidden(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, 403, "Forbidden", detail);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail) throws IOException {
        ErrorBodies.write(request, response, status, title, detail);
    }
}
