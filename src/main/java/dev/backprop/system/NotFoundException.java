package dev.backprop.system;

/** An id that names nothing; answered 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String resource, Object id) {
        super(resource + " '" + id + "' was not found");
    }
}
