package dev.backprop.system;

/** An id that names nothing; answered 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String resource, Object id) {
        super(resource + " '" + id + "' was not found");
    }

    private NotFoundException(String message) {
        super(message);
    }

    /** One whose message says in full what was not found. */
    public static NotFoundException saying(String message) {
        return new NotFoundException(message);
    }
}
