package dev.backprop.system;

import java.util.List;

/** A request that breaks rules only the service can check; answered 400 with every violation. */
public class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.isEmpty() ? "invalid request" : violations.getFirst().message());
        this.violations = List.copyOf(violations);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(Violation.of(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
