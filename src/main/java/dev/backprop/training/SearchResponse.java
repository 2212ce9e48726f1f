package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
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
        @Schema(description = "how many trials are PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED and PRUNED")
        Map<TrialStatus, Integer> trialCounts,
        @Schema(description = "training runs queued or running at once") int parallelism,
        int maxFailedTrials,
        @Schema(description = "no trial starts after this") Instant deadline,
        @Schema(description = "draws the trials and deals the folds") long seed,
        @Schema(description = "successive halving's factor; absent when the search does not halve") Integer halvingFactor,
        @Schema(description = "each rung's epochs, the last the base's; absent when the search does not halve")
        int[] rungEpochs,
        Best best,
        @Schema(description = "whether the best trial is refit on every row once every trial has ended (promote)")
        boolean refit,
        @Schema(description = "the job refitting the best trial on every row, once queued") UUID refitJobId,
        @Schema(description = "the refit's model, once its job has succeeded; absent when the refit failed (reason"
                + " says why) - the search still ends SUCCEEDED with its leaderboard") UUID refitModelId,
        @Schema(description = "the alias promote moves to the refit model's version") String promoteAlias,
        @Schema(description = "why it ended") String reason,
        boolean cancelRequested,
        Instant createdAt,
        Instant finishedAt,
        @Schema(description = "who created it: key:<API key id> or jwt:<subject>") String createdBy,
        @Schema(description = "where its leaderboard is") String trialsUrl) {

    @Schema(name = "SearchBest", description = "the best trial so far: scored at the highest rung (under successive halving a higher rung"
            + " wins over a better score at a lower one), then the better score")
    record Best(int trial, double score, @Schema(description = "the rung its score is of") int rung,
            @Schema(description = "the trial's values, by field path") Map<String, Object> parameters) {
    }

    @SuppressWarnings("unchecked")
    static SearchResponse of(Search search, Map<TrialStatus, Integer> counts, SearchTrial bestTrial, UUID refitModelId,
            JsonMapper json) {
        Best best = bestTrial == null || bestTrial.scoredRung() == null ? null : new Best(bestTrial.number(),
                search.bestScore(), bestTrial.scoredRung(), json.readValue(bestTrial.parameters(), Map.class));
        return new SearchResponse(search.getId(), search.name(), search.datasetId(), search.status(), search.metric(),
                SearchRequest.Direction.of(search.maximize()), search.folds(),
                search.trials(), counts, search.parallelism(), search.maxFailedTrials(), search.deadline(), search.seed(),
                search.halvingFactor(),
                search.rungEpochs() == null ? null : json.readValue(search.rungEpochs(), int[].class), best,
                search.refit(), search.refitJobId(), refitModelId, search.promoteAlias(), search.reason(), search.cancelRequested(), search.createdAt(), search.finishedAt(),
                search.createdBy(), "/api/v1/searches/" + search.getId() + "/trials");
    }
}
