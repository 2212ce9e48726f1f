package dev.backprop.model;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A stored evaluation: which model on which dataset, when, by whom, and the figures. */
@Schema(description = "A model scored on a dataset it may not have seen")
public record EvaluationResponse(
        UUID id,
        UUID modelId,
        UUID datasetId,
        @Schema(description = "the dataset's name when it was evaluated") String datasetName,
        long rows,
        EvaluationMetrics metrics,
        Instant createdAt,
        @Schema(description = "who asked for it: key:<API key id> or jwt:<subject>") String createdBy) {
}
