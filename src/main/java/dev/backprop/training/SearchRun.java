package dev.backprop.training;

import java.time.Instant;
import java.util.UUID;

/** One run of a search's trial as the coordinator reads it: which fold, how it stands, what it scored. */
record SearchRun(UUID id, int trial, int rung, int fold, JobStatus status, int epoch, Instant startedAt,
        Instant finishedAt, String reason, String heldOut) {

    /** Failed or cancelled: its trial cannot be scored. */
    boolean lost() {
        return status == JobStatus.FAILED || status == JobStatus.CANCELLED;
    }
}
