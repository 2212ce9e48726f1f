package dev.backprop.system;

/** A body or a dataset beyond a configured limit; answered 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
