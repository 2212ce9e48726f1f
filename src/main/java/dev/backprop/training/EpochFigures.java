package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.EpochStats;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.persistence.Embeddable;

/**
 * What one epoch of a job reached, as stored (the job's latest, and each point of its history) and
 * as clients read it. A value not measured that epoch (no validation split) is null.
 */
@Embeddable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochFigures(
        @Schema(description = "1-based; 0 before the first epoch ends") int epoch,
        Double trainLoss,
        Double validationLoss,
        @Schema(description = "accuracy for classification, R² for regression") Double trainMetric,
        Double validationMetric,
        Double learningRate) {

    /** Before the first epoch. */
    static final EpochFigures NONE = new EpochFigures(0, null, null, null, null, null);

    static EpochFigures of(EpochStats stats) {
        return new EpochFigures(stats.epoch(), value(stats.trainLoss()), value(stats.validationLoss()),
                value(stats.trainMetric()), value(stats.validationMetric()), stats.learningRate());
    }

    private static Double value(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
