package dev.backprop.dataset;

/**
 * What a feature column holds: numbers, categories (any text, or numbers meant as codes), or nothing
 * to learn from (an identifier, a free-text note), which is left out of the dataset.
 */
public enum ColumnKind {
    NUMBER,
    CATEGORY,
    IGNORE
}
