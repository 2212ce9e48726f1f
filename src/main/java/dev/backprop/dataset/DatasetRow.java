package dev.backprop.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One row of a dataset: its features and, for classification, its label, for regression its targets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DatasetRow(
        @Schema(description = "0-based position of the row in the dataset") int index,
        @ArraySchema(schema = @Schema(description = "a number, a category's level, or null where the value is missing",
                oneOf = {Double.class, String.class}, nullable = true))
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Object> features,
        @Schema(description = "Classification only; left out when the row has no label") String label,
        @Schema(description = "Regression only: one value per target column, null where missing") List<Double> targets) {
}
