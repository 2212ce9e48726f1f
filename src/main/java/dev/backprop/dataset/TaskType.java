package dev.backprop.dataset;

/** What a dataset's targets ask of a network: a class per row, or one or more numbers per row. */
public enum TaskType {
    CLASSIFICATION,
    REGRESSION
}
