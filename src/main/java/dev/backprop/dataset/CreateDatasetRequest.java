package dev.backprop.dataset;

import dev.backprop.engine.Task;
import dev.backprop.system.Text;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A dataset given inline ({@code features} and {@code targets}) or drawn by a {@code generator}.
 */
@Schema(description = "Either features and targets, or a generator")
public record CreateDatasetRequest(
        @NotBlank @Size(max = 200) @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE)
        @Schema(description = "A name for people; need not be unique", example = "xor")
        String name,
        @Size(max = 2000)
        @Schema(description = "Free text", example = "Trask's XOR truth table")
        String description,
        @Schema(description = "CLASSIFICATION or REGRESSION. Optional: strings and integers make classes, other numbers"
                + " and arrays of numbers make a regression; set it when integers are regression targets")
        Task task,
        @Size(max = 10_000)
        @Schema(description = "Names of the feature columns (default x1, x2, ...)", example = "[\"a\", \"b\"]")
        List<@NotBlank @Size(max = 200) @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE) String> featureNames,
        @Size(max = 1000)
        @Schema(description = "Names of the target columns (default: label for classes, y or y1, y2, ... for regression)")
        List<@NotBlank @Size(max = 200) @Pattern(regexp = Text.NO_CONTROL, message = Text.NO_CONTROL_MESSAGE) String> targetNames,
        @Schema(implementation = Object[].class, example = "[[0,0],[0,1],[1,0],[1,1]]",
                description = "One array per row, one value per column: a number, a string (a category) or null"
                        + " (missing)")
        JsonNode features,
        @Schema(implementation = Object[].class, example = "[0,1,1,0]",
                description = "One per row: a class label (string or integer), a number, or an array of numbers")
        JsonNode targets,
        @Valid
        GeneratorSpec generator,
        @Size(max = 10_000)
        @Schema(description = "Kinds of feature columns by name: NUMBER, CATEGORY or IGNORE (left out). Columns not"
                + " named are inferred: numbers when every present value is one, categories otherwise",
                example = "{\"x1\": \"CATEGORY\"}")
        Map<String, ColumnKind> columnKinds,
        @Size(max = 100)
        @Schema(description = "Strings that mean a missing value, besides null (default NA, N/A, NaN, null, NULL);"
                + " an empty list leaves only null", example = "[\"NA\", \"?\"]")
        List<@NotNull @Size(max = 200) String> missingValues) {
}
