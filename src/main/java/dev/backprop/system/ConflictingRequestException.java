package dev.backprop.system;

/** A request that contradicts an earlier one it claims to repeat; answered 422. */
public class ConflictingRequestException extends RuntimeException {

    public ConflictingRequestException(String message) {
        super(message);
    }
}
