package dev.backprop.system;

/** The database did not answer, and what was asked needs it: a 503 with Retry-After. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
