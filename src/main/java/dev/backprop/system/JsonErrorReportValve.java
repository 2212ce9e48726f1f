package dev.backprop.system;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on a request the application never saw (a request line too long, a path with
 * bad percent-encoding): the same JSON and security headers as the application's own errors, where
 * Tomcat would write a bare HTML page. Errors the application answered already have their body and pass through untouched.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String reason = response.getMessage();
        String detail = reason == null || reason.isBlank()
                ? "The request was refused before it reached the service (HTTP " + status + ")"
                : "The request was refused before it reached the service: " + reason;
        // the headers the security filter puts on every answer it sees; this request never reached it
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        try {
            ErrorBodies.write(request, response, status, title(status), detail);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the body was taken: Tomcat closes it as it would have
            response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, e);
        }
    }

    private static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }
}
