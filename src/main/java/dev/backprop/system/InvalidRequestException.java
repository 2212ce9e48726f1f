package dev.backprop.system;

import java.util.List;

/** A request that breaks rules only the service can check; answered 400 with every violation. */
public class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;
    private final long total;

    public InvalidRequestException(List<Violation> violations) {
        this(violations, violations.size());
    }

    /** The first violations found, of {@code total} in all (a reader may stop listing and go on counting). */
    public InvalidRequestException(List<Violation> violations, long total) {
        super(violations.isEmpty() ? "invalid request" : violations.getFirst().message());
        this.violations = List.copyOf(violations);
        this.total = Math.max(total, violations.size());
    }

    /** How many problems the request has, listed or not. */
    public long total() {
        return total;
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(Violation.of(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
