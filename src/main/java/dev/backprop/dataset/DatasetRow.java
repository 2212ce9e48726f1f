package dev.backprop.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** One row of a dataset: its features and, for classification, its label, for regression its targets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DatasetRow(
        @Schema(description = "0-based position of the row in the dataset") int index,
        double[] features,
        @Schema(description = "Classification only") String label,
        @Schema(description = "Regression only: one value per target column") double[] targets) {
}
