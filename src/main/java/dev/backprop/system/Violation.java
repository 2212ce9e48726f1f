package dev.backprop.system;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a request: the field (a JSON path such as {@code features[3][1]}, or a
 * parameter name) and what is wrong with it; for uploaded files also the 1-based data row and the
 * column.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String field, String message, Long row, String column) {

    public static Violation of(String field, String message) {
        return new Violation(field, message, null, null);
    }

    public static Violation atCell(long row, String column, String message) {
        return new Violation("row " + row + ", column '" + column + "'", message, row, column);
    }
}
