package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A training job as clients see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobResponse(
        UUID id,
        String name,
        UUID datasetId,
        @Schema(description = "QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED") JobStatus status,
        int epoch,
        int totalEpochs,
        @Schema(description = "epoch / totalEpochs") double fractionDone,
        Double elapsedSeconds,
        @Schema(description = "estimated from the time per epoch so far") Double remainingSeconds,
        Double trainLoss,
        Double validationLoss,
        @Schema(description = "accuracy for classification, R² for regression") Double trainMetric,
        Double validationMetric,
        Integer bestEpoch,
        @Schema(description = "the lowest validation loss (train loss without a validation split)") Double bestLoss,
        Double learningRate,
        @Schema(description = "once SUCCEEDED") UUID modelId,
        @Schema(description = "why it ended, e.g. \"loss diverged at epoch 12: ...\"") String reason,
        long seed,
        boolean cancelRequested,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    static JobResponse of(TrainingJob job, Instant now) {
        Double elapsed = null;
        Double remaining = null;
        if (job.startedAt() != null) {
            Instant end = job.finishedAt() != null ? job.finishedAt() : now;
            elapsed = Duration.between(job.startedAt(), end).toMillis() / 1000.0;
            if (job.status() == JobStatus.RUNNING && job.epoch() > 0) {
                remaining = elapsed / job.epoch() * (job.totalEpochs() - job.epoch());
            } else if (job.status().terminal()) {
                remaining = 0.0;
            }
        }
        return new JobResponse(job.getId(), job.name(), job.datasetId(), job.status(), job.epoch(), job.totalEpochs(),
                job.totalEpochs() == 0 ? 0 : (double) job.epoch() / job.totalEpochs(), elapsed, remaining,
                job.trainLoss(), job.validationLoss(), job.trainMetric(), job.validationMetric(), job.bestEpoch(),
                job.bestLoss(), job.learningRate(), job.modelId(), job.reason(), job.seed(), job.cancelRequested(),
                job.createdAt(), job.startedAt(), job.finishedAt());
    }
}
