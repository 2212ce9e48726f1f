package dev.backprop.system;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.context.request.ServletWebRequest;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every error a client can cause into RFC 9457 {@code application/problem+json}: a title, a
 * detail that says what is wrong in words, and an {@code errors} array naming each field at fault.
 * Nothing from the server's insides (class names, stack traces, SQL) reaches the client.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** Violations listed in one answer; more are counted, not listed. */
    static final int MAX_ERRORS = 100;

    private final DatabaseStatus database;

    ProblemDetailsAdvice(DatabaseStatus database) {
        this.database = database;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e) {
        return withErrors(HttpStatus.BAD_REQUEST, e.violations(), e.total());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not Found");
        return problem;
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Content Too Large");
        return problem;
    }

    @ExceptionHandler(ConflictingRequestException.class)
    ProblemDetail conflicting(ConflictingRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Unprocessable Content");
        return problem;
    }

    @ExceptionHandler(StateConflictException.class)
    ProblemDetail stateConflict(StateConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        return problem;
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle("Too Many Requests");
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem);
    }

    /** A multipart body Tomcat cannot parse: no boundary, or cut short (too large is 413, handled apart). */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail unreadableMultipart(MultipartException e) {
        Throwable cause = e.getMostSpecificCause();
        String reason = cause == e || cause.getMessage() == null ? "" : ": " + abbreviate(cause.getMessage());
        return withErrors(HttpStatus.BAD_REQUEST, List.of(Violation.of("file",
                "the multipart/form-data body cannot be read (a missing boundary, or a body cut short)" + reason)));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<Violation> violations = e.getConstraintViolations().stream()
                .map(v -> Violation.of(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return withErrors(HttpStatus.BAD_REQUEST, violations);
    }

    /**
     * The database did not answer: 503 with Retry-After, the one thing the client can do. Noted by
     * {@link DatabaseStatus}, which logs an outage once, not per request.
     */
    @ExceptionHandler(DatabaseUnavailableException.class)
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        database.unavailable(e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The database does not answer; try again in a few seconds");
        problem.setTitle("Service Unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutages.RETRY_AFTER.toSeconds()))
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseOutages.isOutage(e)) {
            return databaseUnavailable(e);
        }
        String errorId = UUID.randomUUID().toString();
        log.error("Unexpected error {}", errorId, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The server failed to handle the request; quote error id " + errorId + " when reporting it");
        problem.setProperty("errorId", errorId);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            violations.add(Violation.of(error.getField(), error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors()
                .forEach(error -> violations.add(Violation.of(error.getObjectName(), error.getDefaultMessage())));
        return problem(withErrors(HttpStatus.BAD_REQUEST, violations), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fieldError ? fieldError.getField() : name;
                violations.add(Violation.of(field, error.getDefaultMessage()));
            }
        });
        return problem(withErrors(HttpStatus.BAD_REQUEST, violations), headers);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String expected = ex.getRequiredType() == null ? "value" : describeType(ex.getRequiredType());
        Violation violation = Violation.of(name, "'" + ex.getValue() + "' is not a valid " + expected);
        return problem(withErrors(HttpStatus.BAD_REQUEST, List.of(violation)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Violation violation = Violation.of(ex.getParameterName(), "is required");
        return problem(withErrors(HttpStatus.BAD_REQUEST, List.of(violation)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Violation violation = Violation.of(ex.getRequestPartName(), "part is required");
        return problem(withErrors(HttpStatus.BAD_REQUEST, List.of(violation)), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof PayloadTooLargeException tooLarge) {
            return problem(tooLarge(tooLarge), headers);
        }
        return problem(withErrors(HttpStatus.BAD_REQUEST, List.of(describeUnreadable(ex))), headers);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("Request failed with {}", statusCode, ex);
        }
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        // no /v2 handler was chosen (unknown path, method or media type): still the protocol's error form
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && request instanceof ServletWebRequest servlet
                && InferenceProtocolPaths.contains(servlet.getRequest().getRequestURI())) {
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("error", String.valueOf(problem.getDetail())));
        }
        return response;
    }

    private static Violation describeUnreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (!(cause instanceof JacksonException jackson)) {
            return Violation.of("body", "request body is missing or unreadable");
        }
        // Jackson's own messages name Java types; say the same in the request's terms instead.
        String path = jsonPath(jackson);
        String field = path.isEmpty() ? "body" : path;
        return switch (jackson) {
            case UnrecognizedPropertyException e ->
                    Violation.of(field, "unknown property '" + e.getPropertyName() + "'");
            case InvalidTypeIdException e ->
                    Violation.of(field, "unknown type '" + e.getTypeId() + "'");
            case InvalidNullException e -> Violation.of(field, "must not be null");
            case InvalidFormatException e -> Violation.of(field, "'" + e.getValue() + "' is not a valid "
                    + describeType(e.getTargetType()));
            case ValueInstantiationException e -> Violation.of(field,
                    e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : "invalid value");
            case MismatchedInputException e -> Violation.of(field, "expected " + expectedType(e));
            case StreamReadException e -> Violation.of(field, "malformed JSON at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())
                    + ": " + firstSentence(e.getOriginalMessage()));
            default -> Violation.of(field, "invalid value");
        };
    }

    /**
     * The type a mismatched value should have had. For a wrong element of a primitive array Jackson
     * names the array ({@code double[]}) and says "element of", so the element type is given instead.
     */
    private static String expectedType(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "another type";
        }
        String original = e.getOriginalMessage();
        if (target.isArray() && original != null && original.contains("element of")) {
            return describeType(target.getComponentType());
        }
        return describeType(target);
    }

    private static String jsonPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describeType(Class<?> type) {
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(jsonName((Enum<?>) constant));
            }
            return "value; expected one of " + names;
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "number";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == UUID.class) {
            return "UUID";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "array";
        }
        if (type == String.class) {
            return "string";
        }
        return "object";
    }

    private static String jsonName(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return property != null && !property.value().isEmpty() ? property.value() : constant.name();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "unexpected input";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Drop Jackson's hint about Java-side features such as JsonReadFeature.
        int hint = line.indexOf(" (for ");
        return hint < 0 ? line : line.substring(0, hint);
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    /**
     * A problem listing what is wrong: the first {@link #MAX_ERRORS} violations, and with more than that
     * their count in {@code errorCount}, so a body of a million bad cells gets a small answer.
     */
    static ProblemDetail withErrors(HttpStatus status, List<Violation> violations) {
        return withErrors(status, violations, violations.size());
    }

    /** As above, for {@code total} problems of which {@code violations} are the first found. */
    static ProblemDetail withErrors(HttpStatus status, List<Violation> violations, long total) {
        List<Violation> listed = violations.size() > MAX_ERRORS ? violations.subList(0, MAX_ERRORS) : violations;
        String detail = total == 1
                ? violations.getFirst().field() + ": " + violations.getFirst().message()
                : total > listed.size()
                        ? total + " problems in the request; errors lists the first " + listed.size()
                        : total + " problems in the request; see errors";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status == HttpStatus.BAD_REQUEST ? "Invalid request" : status.getReasonPhrase());
        problem.setProperty("errors", listed);
        if (total > listed.size()) {
            problem.setProperty("errorCount", total);
        }
        return problem;
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }
}
