package dev.backprop.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** Which dataset to score a model on. */
public record EvaluationRequest(
        @NotNull @Schema(description = "a stored dataset; its columns are matched to the model's by name",
                requiredMode = Schema.RequiredMode.REQUIRED) UUID datasetId) {
}
