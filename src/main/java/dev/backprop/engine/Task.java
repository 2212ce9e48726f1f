package dev.backprop.engine;

/** What a model predicts: one of a set of labels, or one or more numbers. */
public enum Task {
    CLASSIFICATION,
    REGRESSION
}
