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
        @Schema(description = "PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED or SKIPPED") TrialStatus status,
        @Schema(description = "the values drawn, by field path") Map<String, Object> parameters,
        @Schema(description = "the objective: its mean over folds") Double score,
        @Schema(description = "the standard deviation over folds (population, as scikit-learn's std_test_score)")
        Double scoreStd,
        @Schema(description = "each fold's score, fold 0 first") double[] foldScores,
        @Schema(description = "epochs trained, the mean over folds (early stopping ends some sooner)") Integer epochs,
        @Schema(description = "training time, summed over folds") Double trainSeconds,
        @Schema(description = "how many weights and biases its network has") long parameterCount,
        @Schema(description = "why it failed or was cancelled") String reason,
        @Schema(description = "its training jobs, fold 0 first") List<UUID> jobs) {

    @SuppressWarnings("unchecked")
    static TrialResponse of(SearchTrial trial, JsonMapper json, List<UUID> jobs) {
        return new TrialResponse(trial.number(), trial.status(), json.readValue(trial.parameters(), Map.class),
                trial.score(), trial.scoreStd(),
                trial.foldScores() == null ? null : json.readValue(trial.foldScores(), double[].class), trial.epochs(),
                trial.trainMillis() == null ? null : trial.trainMillis() / 1000.0, trial.parameterCount(), trial.reason(),
                jobs);
    }
}
