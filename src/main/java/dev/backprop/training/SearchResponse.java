package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A search as clients see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SearchResponse(
        UUID id,
        String name,
        UUID datasetId,
        @Schema(description = "RUNNING, SUCCEEDED, FAILED or CANCELLED") SearchStatus status,
        @Schema(description = "the objective: LOSS, ACCURACY, F1, MSE, MAE or R2") SearchMetric metric,
        SearchRequest.Direction direction,
        @Schema(description = "k of k-fold cross-validation; 0 when each trial holds out one validation split") int folds,
        @Schema(description = "trials in all") int trials,
        @Schema(description = "how many trials are PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED and SKIPPED")
        Map<TrialStatus, Integer> trialCounts,
        @Schema(description = "training runs queued or running at once") int parallelism,
        int maxFailedTrials,
        @Schema(description = "no trial starts after this") Instant deadline,
        @Schema(description = "draws the trials and deals the folds") long seed,
        @Schema(description = "the best trial so far") Best best,
        @Schema(description = "why it ended") String reason,
        boolean cancelRequested,
        Instant createdAt,
        Instant finishedAt,
        @Schema(description = "who created it: key:<API key id> or jwt:<subject>") String createdBy,
        @Schema(description = "where its leaderboard is") String trialsUrl) {

    @Schema(name = "SearchBest")
    record Best(int trial, double score,
            @Schema(description = "the trial's values, by field path") Map<String, Object> parameters) {
    }

    @SuppressWarnings("unchecked")
    static SearchResponse of(Search search, Map<TrialStatus, Integer> counts, JsonNode bestParameters, JsonMapper json) {
        Best best = search.bestTrial() == null ? null : new Best(search.bestTrial(), search.bestScore(),
                json.treeToValue(bestParameters, Map.class));
        return new SearchResponse(search.getId(), search.name(), search.datasetId(), search.status(), search.metric(),
                search.maximize() ? SearchRequest.Direction.MAXIMIZE : SearchRequest.Direction.MINIMIZE, search.folds(),
                search.trials(), counts, search.parallelism(), search.maxFailedTrials(), search.deadline(), search.seed(),
                best, search.reason(), search.cancelRequested(), search.createdAt(), search.finishedAt(),
                search.createdBy(), "/api/v1/searches/" + search.getId() + "/trials");
    }
}
