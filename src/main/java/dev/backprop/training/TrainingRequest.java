package dev.backprop.training;

import dev.backprop.engine.OptimizerSpec;
import dev.backprop.engine.Reduction;
import dev.backprop.engine.Schedule;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** How to train; every field optional, with the defaults named on each. */
@Schema(description = "How to train; every field optional")
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrainingRequest(
        @Schema(description = "default 100", example = "100") Integer epochs,
        @Schema(description = "rows per batch; 0 for the whole training split (default 32)", example = "32") Integer batchSize,
        @Schema(description = "reshuffle the rows every epoch (default true)") Boolean shuffle,
        @Schema(description = "MEAN (default) or SUM of the per-row losses") Reduction reduction,
        @Schema(description = "default 0.01", example = "0.01") Double learningRate,
        OptimizerRequest optimizer,
        ScheduleRequest schedule,
        @Schema(description = "L1 penalty on weights (default 0)") Double l1,
        @Schema(description = "L2 penalty (λ/2)Σw² on weights, not biases (default 0)") Double l2,
        @Schema(description = "rescale the gradient to at most this L2 norm; 0 for none (default 0)") Double clipNorm,
        @Schema(description = "share of rows held out, [0, 0.9] (default 0)") Double validationFraction,
        EarlyStoppingRequest earlyStopping,
        @Schema(description = "seeds initialization, the split, shuffling and dropout; 0 to 2^32-1 (default: drawn and reported)")
        Long seed) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OptimizerRequest(
            @Schema(description = "SGD (default), MOMENTUM, NESTEROV, ADAM, RMSPROP or ADAGRAD") OptimizerSpec.Type type,
            @Schema(description = "MOMENTUM, NESTEROV: default 0.9") Double momentum,
            @Schema(description = "ADAM: default 0.9") Double beta1,
            @Schema(description = "ADAM: default 0.999") Double beta2,
            @Schema(description = "RMSPROP: default 0.9") Double rho,
            @Schema(description = "ADAM, RMSPROP, ADAGRAD: default 1e-8") Double epsilon) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScheduleRequest(
            @Schema(description = "CONSTANT (default), STEP, EXPONENTIAL or INVERSE_TIME") Schedule.Type type,
            @Schema(description = "STEP, EXPONENTIAL: factor per step or epoch; INVERSE_TIME: k in lr / (1 + k epoch)")
            Double decay,
            @Schema(description = "STEP: epochs per step") Integer stepSize) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EarlyStoppingRequest(
            @Schema(description = "epochs without improvement before stopping (default 10)") Integer patience,
            @Schema(description = "smallest decrease that counts as improvement (default 0)") Double minDelta,
            @Schema(description = "put back the best epoch's weights (default true)") Boolean restoreBest) {
    }
}
