package dev.backprop.prediction;

import dev.backprop.system.DatabaseOutages;
import dev.backprop.system.DatabaseStatus;
import dev.backprop.system.DatabaseUnavailableException;
import dev.backprop.system.NotFoundException;
import dev.backprop.system.PayloadTooLargeException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Errors on /v2 in the protocol's own form, {"error": "..."}, ahead of the API's problem+json. */
@RestControllerAdvice(assignableTypes = InferenceProtocolController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class InferenceProtocolErrors {

    private static final Logger log = LoggerFactory.getLogger(InferenceProtocolErrors.class);

    private final DatabaseStatus database;

    InferenceProtocolErrors(DatabaseStatus database) {
        this.database = database;
    }

    @ExceptionHandler(ProtocolException.class)
    ResponseEntity<Map<String, String>> protocol(ProtocolException e) {
        return error(e.status(), e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
        return error(404, e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Map<String, String>> tooLarge(PayloadTooLargeException e) {
        return error(413, e.getMessage());
    }

    /**
     * The database did not answer what the request needed (a model this instance does not hold):
     * 503 with Retry-After in the protocol's form. Any other database error is logged with an id and
     * answered 500, in the same form.
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class, DatabaseUnavailableException.class})
    ResponseEntity<Map<String, String>> database(RuntimeException e) {
        if (!DatabaseOutages.isOutage(e)) {
            String errorId = UUID.randomUUID().toString();
            log.error("Unexpected error {}", errorId, e);
            return error(500, "the server failed to handle the request; quote error id " + errorId + " when reporting it");
        }
        database.unavailable(e);
        return ResponseEntity.status(503).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutages.RETRY_AFTER.toSeconds()))
                .body(Map.of("error", "the database does not answer; try again in a few seconds"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof PayloadTooLargeException tooLarge) {
            return tooLarge(tooLarge);
        }
        if (e.getMostSpecificCause() instanceof DatabindException bad && !bad.getPath().isEmpty()) {
            String what = switch (bad) {
                case UnrecognizedPropertyException u -> "is not a field of an infer request";
                case MismatchedInputException m when m.getTargetType() == InferenceRequest.Values.class -> m.getOriginalMessage();
                default -> "has the wrong type";
            };
            return error(400, "'" + path(bad) + "' " + what);
        }
        return error(400, "the request body is not valid JSON");
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ResponseEntity<Map<String, String>> error(int status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
