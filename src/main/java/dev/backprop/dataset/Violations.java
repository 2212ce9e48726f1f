package dev.backprop.dataset;

import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with one request, up to a cap, so a client sees every problem at once. */
final class Violations {

    static final int MAX = 50;

    private final List<Violation> list = new ArrayList<>();
    private int dropped;

    void add(String field, String message) {
        add(Violation.of(field, message));
    }

    void add(Violation violation) {
        if (list.size() < MAX) {
            list.add(violation);
        } else {
            dropped++;
        }
    }

    /** True once the cap is reached: further checking would only be dropped. */
    boolean isFull() {
        return list.size() >= MAX;
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Throws a 400 listing every violation collected, if there is any. */
    void throwIfAny() {
        if (list.isEmpty()) {
            return;
        }
        throw new InvalidRequestException(list, (long) list.size() + dropped);
    }
}
