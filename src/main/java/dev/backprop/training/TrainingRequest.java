package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.OptimizerSpec;
import dev.backprop.engine.RandomState;
import dev.backprop.engine.Reduction;
import dev.backprop.engine.Schedule;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** How to train; every field optional, with the defaults named on each. */
@Schema(description = "How to train; every field optional")
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrainingRequest(
        @Min(value = 1, message = EPOCHS) @Max(value = MAX_EPOCHS, message = EPOCHS)
        @Schema(description = "default 100", example = "100") Integer epochs,
        @Min(value = 0, message = "must be 0 (full batch) or positive")
        @Schema(description = "rows per batch; 0 for the whole training split (default 32)", example = "32") Integer batchSize,
        @Schema(description = "reshuffle the rows every epoch (default true)") Boolean shuffle,
        @Schema(description = "MEAN (default) or SUM of the per-row losses") Reduction reduction,
        @Positive(message = POSITIVE) @DecimalMax(value = LARGEST, message = POSITIVE)
        @Schema(description = "default 0.01", example = "0.01") Double learningRate,
        @Valid OptimizerRequest optimizer,
        @Valid ScheduleRequest schedule,
        @PositiveOrZero(message = NON_NEGATIVE) @DecimalMax(value = LARGEST, message = NON_NEGATIVE)
        @Schema(description = "L1 penalty on weights (default 0)") Double l1,
        @PositiveOrZero(message = NON_NEGATIVE) @DecimalMax(value = LARGEST, message = NON_NEGATIVE)
        @Schema(description = "L2 penalty (λ/2)Σw² on weights, not biases (default 0)") Double l2,
        @PositiveOrZero(message = NON_NEGATIVE) @DecimalMax(value = LARGEST, message = NON_NEGATIVE)
        @Schema(description = "rescale the gradient to at most this L2 norm; 0 for none (default 0)") Double clipNorm,
        @DecimalMin(value = "0", message = "must be between 0 and 0.9")
        @DecimalMax(value = "0.9", message = "must be between 0 and 0.9")
        @Schema(description = "share of rows held out, [0, 0.9] (default 0)") Double validationFraction,
        @Valid
        @Schema(description = "stop when the monitored loss (validation loss with a validation split, else training"
                + " loss) stops improving. With a validation split it is on by default (patience: a tenth of the"
                + " epochs, at least 10; the best epoch's weights put back); {\"enabled\": false} turns it off")
        EarlyStoppingRequest earlyStopping,
        @Min(value = 0, message = SEED) @Max(value = RandomState.MAX_SEED, message = SEED)
        @Schema(description = "seeds initialization, the split, shuffling and dropout; 0 to 2^32-1 (default: drawn and reported)")
        Long seed) {

    static final int MAX_EPOCHS = 1_000_000;
    static final String EPOCHS = "must be between 1 and " + MAX_EPOCHS;
    static final String SEED = "must be between 0 and " + RandomState.MAX_SEED;
    static final String POSITIVE = "must be a positive number";
    static final String NON_NEGATIVE = "must be a non-negative number";
    static final String BELOW_ONE = "must be at least 0 and below 1";
    /** Bounds a number from above so that an overflowing literal (1e400, read as infinity) is refused. */
    static final String LARGEST = "1e300";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OptimizerRequest(
            @Schema(description = "SGD (default), MOMENTUM, NESTEROV, ADAM, RMSPROP or ADAGRAD") OptimizerSpec.Type type,
            @DecimalMin(value = "0", message = BELOW_ONE) @DecimalMax(value = "1", inclusive = false, message = BELOW_ONE)
            @Schema(description = "MOMENTUM, NESTEROV: default 0.9") Double momentum,
            @DecimalMin(value = "0", message = BELOW_ONE) @DecimalMax(value = "1", inclusive = false, message = BELOW_ONE)
            @Schema(description = "ADAM: default 0.9") Double beta1,
            @DecimalMin(value = "0", message = BELOW_ONE) @DecimalMax(value = "1", inclusive = false, message = BELOW_ONE)
            @Schema(description = "ADAM: default 0.999") Double beta2,
            @DecimalMin(value = "0", message = BELOW_ONE) @DecimalMax(value = "1", inclusive = false, message = BELOW_ONE)
            @Schema(description = "RMSPROP: default 0.9") Double rho,
            @Positive(message = POSITIVE) @DecimalMax(value = LARGEST, message = POSITIVE)
            @Schema(description = "ADAM, RMSPROP, ADAGRAD: default 1e-8") Double epsilon) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScheduleRequest(
            @Schema(description = "CONSTANT (default), STEP, EXPONENTIAL or INVERSE_TIME") Schedule.Type type,
            @PositiveOrZero(message = NON_NEGATIVE) @DecimalMax(value = LARGEST, message = NON_NEGATIVE)
            @Schema(description = "STEP, EXPONENTIAL: factor per step or epoch; INVERSE_TIME: k in lr / (1 + k epoch)")
            Double decay,
            @Min(value = 1, message = "must be at least 1 epoch")
            @Schema(description = "STEP: epochs per step") Integer stepSize) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EarlyStoppingRequest(
            @Min(value = 1, message = "must be at least 1 epoch")
            @Schema(description = "epochs without improvement before stopping (default 10)") Integer patience,
            @PositiveOrZero(message = NON_NEGATIVE) @DecimalMax(value = LARGEST, message = NON_NEGATIVE)
            @Schema(description = "smallest decrease that counts as improvement (default 0)") Double minDelta,
            @Schema(description = "put back the best epoch's weights (default true)") Boolean restoreBest,
            @Schema(description = "false turns early stopping off, as it is on by default with a validation split"
                    + " (default true when earlyStopping is given)") Boolean enabled) {
    }
}
