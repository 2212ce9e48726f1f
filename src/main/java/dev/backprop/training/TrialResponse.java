package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** One trial on a search's leaderboard. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrialResponse(
        @Schema(description = "the trial's number, from 0 in the order drawn") int number,
        @Schema(description = "PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED or PRUNED") TrialStatus status,
        @Schema(description = "the rung of successive halving it reached (0 when the search does not halve): a PRUNED"
                + " trial stopped at it, and its score is that rung's") int rung,
        @Schema(description = "the values drawn, by field path") Map<String, Object> parameters,
        @Schema(description = "the objective: its mean over folds, at scoredRung") Double score,
        @Schema(description = "the rung its score is of: a trial that went on to a rung and failed there keeps the"
                + " score of the rung before") Integer scoredRung,
        @Schema(description = "the standard deviation over folds (population, as scikit-learn's std_test_score)")
        Double scoreStd,
        @Schema(description = "each fold's score, fold 0 first") double[] foldScores,
        @Schema(description = "epochs trained at its rung, the mean over folds (early stopping ends some sooner)")
        Integer epochs,
        @Schema(description = "training time, summed over every run it had (folds, and rungs under successive"
                + " halving)") Double trainSeconds,
        @Schema(description = "how many weights and biases its network has") long parameterCount,
        @Schema(description = "why it failed, was cancelled, skipped or pruned") String reason,
        @Schema(description = "its training jobs, by rung, then fold") List<UUID> jobs) {

    @SuppressWarnings("unchecked")
    static TrialResponse of(SearchTrial trial, JsonMapper json, List<UUID> jobs) {
        return new TrialResponse(trial.number(), trial.status(), trial.rung(), json.readValue(trial.parameters(), Map.class),
                trial.score(), trial.scoredRung(), trial.scoreStd(),
                trial.foldScores() == null ? null : json.readValue(trial.foldScores(), double[].class), trial.epochs(),
                trial.trainMillis() == null ? null : trial.trainMillis() / 1000.0, trial.parameterCount(), trial.reason(),
                jobs);
    }
}
