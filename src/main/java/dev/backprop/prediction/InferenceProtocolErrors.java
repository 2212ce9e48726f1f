package dev.backprop.prediction;

import dev.backprop.system.NotFoundException;
import dev.backprop.system.PayloadTooLargeException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors on /v2 in the protocol's own form, {"error": "..."}, ahead of the API's problem+json. */
@RestControllerAdvice(assignableTypes = InferenceProtocolController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class InferenceProtocolErrors {

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

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return error(400, "the request body is not valid JSON");
    }

    private static ResponseEntity<Map<String, String>> error(int status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
