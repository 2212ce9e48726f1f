package dev.backprop.system;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Bean Validation's findings as the API names fields: {@code model.hiddenLayers[0]}, {@code training.epochs}. */
public final class ConstraintViolations {

    private ConstraintViolations() {
    }

    public static List<Violation> of(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> Violation.of(field(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
                .toList();
    }

    /** The JSON path of a property path, without the container-element nodes Bean Validation adds. */
    public static String field(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return out.toString();
    }
}
