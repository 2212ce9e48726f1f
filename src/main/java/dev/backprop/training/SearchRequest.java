package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.backprop.engine.RandomState;
import dev.backprop.model.ModelService;
import dev.backprop.system.Text;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A hyperparameter search: a dataset, a base training spec, a space over the spec's fields, how to
 * draw trials from it, what to optimize, how to score a trial and how much to spend.
 */
@Schema(description = "A dataset, a base spec (model and training, as a training job takes them), a space over its"
        + " fields, a strategy, an objective, an evaluation and a budget")
@JsonInclude(JsonInclude.Include.NON_NULL)
record SearchRequest(
        @NotNull @Schema(description = "The dataset every trial trains on", requiredMode = Schema.RequiredMode.REQUIRED)
        UUID datasetId,
        @Size(max = 200) @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE)
        @Schema(description = "The search's name (default: the dataset's); a refit trial's model takes it",
                example = "moons-search") String name,
        @Valid @Schema(description = "The spec every trial starts from; the space's values replace its fields") Base base,
        @NotEmpty(message = "give at least one field to search over")
        @Size(max = MAX_DIMENSIONS, message = "at most {max} fields may be searched at once")
        @Schema(description = "Field path (model.* or training.*, as in a training job's request) to the values it"
                + " takes; each range gives one of choice, int, float or logFloat",
                example = "{\"training.learningRate\": {\"logFloat\": [0.001, 0.1]}, \"model.hiddenLayers\":"
                        + " {\"choice\": [[4], [16], [16, 16]]}}")
        Map<String, @NotNull(message = "must be a range") @Valid Range> space,
        @Valid Strategy strategy,
        @Valid Objective objective,
        @Valid Evaluation evaluation,
        @Valid Budget budget,
        @Min(value = 0, message = TrainingRequest.SEED) @Max(value = RandomState.MAX_SEED, message = TrainingRequest.SEED)
        @Schema(description = "draws random trials, deals the folds, and seeds every trial's training unless base gives"
                + " training.seed; 0 to 2^32-1 (default: drawn and reported)") Long seed,
        @Valid @Schema(description = "What the search does with its best trial once every trial has ended: refit it on"
                + " every row as the next version of the search's name, and point an alias at that version")
        Promote promote) {

    /** The best trial refit on every row, and an alias moved to its model. */
    @Schema(name = "SearchPromote")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Promote(
            @Pattern(regexp = ModelService.ALIAS_PATTERN, message = ModelService.ALIAS_MESSAGE)
            @Schema(description = "the alias to point at the refit model's version (e.g. champion); its move is recorded"
                    + " as any move", example = "champion") String alias,
            @Schema(description = "refit the best trial on every row as a training job (default true; an alias needs"
                    + " it)") Boolean refit) {

        /** Whether the best trial is refit: asked for, or by default. */
        boolean refits() {
            return refit == null || refit;
        }
    }

    static final int MAX_DIMENSIONS = 20;
    static final int MAX_TRIALS = 1000;
    static final int MAX_CHOICES = 1000;
    static final int MAX_FOLDS = 20;

    /** The spec every trial starts from. */
    @Schema(name = "SearchBase")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Base(@Valid ModelRequest model, @Valid TrainingRequest training) {
    }

    /** The values one field takes: exactly one of the four forms. */
    @Schema(name = "SearchRange", description = "Exactly one of: choice (values as the field takes them), int"
            + " [low, high] (every integer between, both included), float [low, high] (uniform), logFloat [low, high]"
            + " (uniform in the logarithm, low > 0)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Range(
            @Size(min = 1, max = MAX_CHOICES, message = "must hold between {min} and {max} values")
            @Schema(description = "the values to choose from, each as the field takes it", example = "[[8], [32]]")
            List<Object> choice,
            @JsonProperty("int") @Size(min = 2, max = 2, message = "must be [low, high]")
            @Schema(description = "[low, high]: every integer between, both included", example = "[16, 128]")
            List<@NotNull(message = "must be an integer") Long> integers,
            @JsonProperty("float") @Size(min = 2, max = 2, message = "must be [low, high]")
            @Schema(description = "[low, high]: drawn uniformly", example = "[0, 0.01]")
            List<@NotNull(message = "must be a number") Double> floats,
            @Size(min = 2, max = 2, message = "must be [low, high]")
            @Schema(description = "[low, high], low > 0: drawn uniformly in the logarithm", example = "[0.0001, 0.1]")
            List<@NotNull(message = "must be a number") Double> logFloat) {
    }

    @Schema(name = "SearchStrategy")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Strategy(@Schema(description = "GRID: every combination of choice and int values; RANDOM (default):"
            + " budget.maxTrials draws") SearchStrategy type,
            @Valid @Schema(description = "successive halving: every trial trains minEpochs first, and the best"
                    + " 1/factor of each rung go on to factor times the epochs, up to the base's epochs")
            Halving halving) {
    }

    /** Successive halving: rungs of minEpochs, minEpochs x factor, ... and the base's epochs last. */
    @Schema(name = "SearchHalving")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Halving(
            @Min(value = 1, message = "must be at least 1 epoch")
            @Schema(description = "epochs of the first rung (default: the base's epochs / factor², at least 1)")
            Integer minEpochs,
            @Min(value = 2, message = "must be between 2 and 10") @Max(value = 10, message = "must be between 2 and 10")
            @Schema(description = "each rung trains factor times the epochs of the one before and keeps the best"
                    + " 1/factor of its trials, rounded up (default 3)") Integer factor) {
    }

    @Schema(name = "SearchObjective")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Objective(
            @Schema(description = "LOSS (the training loss on held-out rows: log loss after softmax or sigmoid), ACCURACY,"
                    + " F1 (macro), MSE, MAE or R2; default LOSS") SearchMetric metric,
            @Schema(description = "MINIMIZE or MAXIMIZE; default: MINIMIZE for LOSS, MSE and MAE, MAXIMIZE otherwise")
            Direction direction) {
    }

    enum Direction {
        MINIMIZE,
        MAXIMIZE;

        static Direction of(boolean maximize) {
            return maximize ? MAXIMIZE : MINIMIZE;
        }
    }

    @Schema(name = "SearchEvaluation", description = "How a trial is scored: k-fold cross-validation (default 5 folds),"
            + " or one validation split; give one")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Evaluation(
            @Min(value = 2, message = "must be between 2 and " + MAX_FOLDS)
            @Max(value = MAX_FOLDS, message = "must be between 2 and " + MAX_FOLDS)
            @Schema(description = "k: each trial trains k times, each time holding out one fold (stratified by class,"
                    + " dealt from the search's seed, the same for every trial); its score is the mean over folds")
            Integer folds,
            @DecimalMin(value = "0", inclusive = false, message = "must be above 0 and at most 0.9")
            @DecimalMax(value = "0.9", message = "must be above 0 and at most 0.9")
            @Schema(description = "one split: this share of rows held out, drawn from the trial's training seed")
            Double validationFraction) {
    }

    @Schema(name = "SearchBudget")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Budget(
            @Min(value = 1, message = "must be between 1 and " + MAX_TRIALS)
            @Max(value = MAX_TRIALS, message = "must be between 1 and " + MAX_TRIALS)
            @Schema(description = "RANDOM: distinct trials drawn (default 10, or every point of a smaller space of choice and"
                    + " int ranges); GRID: at least the grid's size if given")
            Integer maxTrials,
            @Min(value = 1, message = "must be at least 1")
            @Schema(description = "training runs (a trial's folds count one each) queued or running at once; at most"
                    + " backprop.training.max-active-jobs (default 1)") Integer parallelism,
            @Min(value = 0, message = "must be at least 0")
            @Schema(description = "the search ends FAILED once more trials than this have failed (default: no limit)")
            Integer maxFailedTrials,
            @Pattern(regexp = DURATION, message = "must be an ISO-8601 duration such as PT30M or P1DT12H")
            @Schema(description = "ISO-8601 duration; no trial starts after it has passed since the search was created,"
                    + " and trials not started by then are SKIPPED (default: no limit)", example = "PT30M")
            String maxDuration) {

        /** Days, hours, minutes and seconds, as java.time.Duration reads them. */
        static final String DURATION = "^P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$";
    }
}
