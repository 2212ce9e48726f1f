package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** A training job: which dataset, which network, how to train it, and what to call the model. */
@Schema(description = "A dataset id and optional model and training specs")
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrainingJobRequest(
        @NotNull @Schema(description = "The dataset to train on") UUID datasetId,
        @Size(max = 200) @Schema(description = "The model's name (default: the dataset's); versions count up per name",
                example = "moons-net") String name,
        ModelRequest model,
        TrainingRequest training) {
}
