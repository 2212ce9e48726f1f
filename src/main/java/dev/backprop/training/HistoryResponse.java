package dev.backprop.training;

import java.util.List;
import java.util.UUID;

/** A job's per-epoch history: every epoch up to the configured count, evenly thinned beyond it. */
record HistoryResponse(UUID jobId, int totalEpochs, List<EpochFigures> points) {
}
