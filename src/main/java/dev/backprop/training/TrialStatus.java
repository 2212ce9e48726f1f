package dev.backprop.training;

/** Where a search's trial is: waiting, training (some of its folds), or how it ended. */
enum TrialStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** Not started: the search's time ran out, or it ended FAILED, first. */
    SKIPPED;

    boolean terminal() {
        return this != PENDING && this != RUNNING;
    }
}
