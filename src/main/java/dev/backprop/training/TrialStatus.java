package dev.backprop.training;

/** Where a search's trial is: waiting, training (some of its folds), or how it ended. */
enum TrialStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** Not started: the search's time ran out, or it ended FAILED, first. */
    SKIPPED,
    /** Left behind at its rung by successive halving: scored there, not among the best that went on. */
    PRUNED;

    boolean terminal() {
        return this != PENDING && this != RUNNING;
    }
}
