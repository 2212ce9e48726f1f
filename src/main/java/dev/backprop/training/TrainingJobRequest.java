package dev.backprop.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.dataset.CreateDatasetRequest;
import dev.backprop.system.Text;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A training job: which dataset (an id, or one given inline as in the datasets API, stored with the
 * job), which network, how to train it, and what to call the model.
 */
@Schema(description = "A dataset (datasetId, or dataset inline) and optional model and training specs")
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrainingJobRequest(
        @Schema(description = "The dataset to train on; or give `dataset` instead") UUID datasetId,
        @Valid @Schema(description = "A dataset inline, as POST /api/v1/datasets takes it; stored with the job")
        CreateDatasetRequest dataset,
        @Size(max = 200) @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE) @Schema(description = "The model's name (default: the dataset's); versions count up per name",
                example = "moons-net") String name,
        @Valid ModelRequest model,
        @Valid TrainingRequest training,
        @Valid @Schema(description = "Continue training a stored model: its architecture, standardization and labels "
                + "are kept, the dataset's columns are matched to its own by name, and the result is the next version "
                + "of its name, naming it as parent") From from) {

    /** The stored model training continues from. */
    @Schema(name = "ContinueFrom")
    record From(@NotNull @Schema(description = "a stored model's id", requiredMode = Schema.RequiredMode.REQUIRED)
            UUID modelId) {
    }
}
