package dev.backprop.system;

/**
 * A request that contradicts what is stored: an earlier request it claims to repeat, or a state it would
 * break (revoking the last admin key); answered 422.
 */
public class ConflictingRequestException extends RuntimeException {

    public ConflictingRequestException(String message) {
        super(message);
    }
}
