package dev.backprop.training;

/** Where a search is in its life: running until every trial has ended, then how it ended. */
enum SearchStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    boolean terminal() {
        return this != RUNNING;
    }
}
