package dev.backprop.prediction;

/** An error on the Open Inference Protocol surface, answered as {"error": "..."}. */
class ProtocolException extends RuntimeException {

    private final int status;

    ProtocolException(String message) {
        this(message, 400);
    }

    ProtocolException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
