package dev.backprop.training;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** A search's trials, best first. */
record LeaderboardResponse(UUID searchId, SearchMetric metric, SearchRequest.Direction direction,
        @Schema(description = "succeeded trials by score, best first; then running, pending, and the rest by number")
        List<TrialResponse> trials) {
}
