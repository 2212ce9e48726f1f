package dev.backprop.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** ../shared/reference/seeds_reference.json: the seeds' inputs, initial weights and published numbers. */
final class SeedsReference {

    private static Map<String, Object> root;

    private SeedsReference() {
    }

    @SuppressWarnings("unchecked")
    static synchronized Map<String, Object> get(String seed) {
        if (root == null) {
            try {
                root = (Map<String, Object>) Json.parse(Files.readString(Path.of("../shared/reference/seeds_reference.json")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return (Map<String, Object>) root.get(seed);
    }

    static Matrix matrix(Map<String, Object> seed, String field) {
        return Matrix.of(Json.matrix(seed.get(field), field));
    }

    static double[] doubles(Object value) {
        return Json.doubles(value, "value");
    }

    static List<?> list(Object value) {
        return (List<?>) value;
    }
}
