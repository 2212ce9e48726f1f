package dev.backprop.system;

/** A request the resource's current state does not allow (cancelling a job that has ended): 409. */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }
}
