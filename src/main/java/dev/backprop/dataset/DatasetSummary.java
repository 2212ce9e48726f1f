package dev.backprop.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Task;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a dataset holds, without its rows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DatasetSummary(
        UUID id,
        String name,
        String description,
        Task task,
        @Schema(description = "JSON, CSV or GENERATOR") DatasetSource source,
        @Schema(description = "Number of rows") int rows,
        @Schema(description = "The feature columns in order, with statistics over all rows") List<ColumnSummary> features,
        @Schema(description = "The target columns; statistics for regression targets only") List<ColumnSummary> targets,
        @Schema(description = "Classification only: the class labels in index order and their row counts") List<ClassSummary> classes,
        @Schema(description = "Generated datasets only: the generator spec with every default filled in") GeneratorSpec generator,
        Instant createdAt,
        @Schema(description = "who created it: key:<API key id> or jwt:<subject>") String createdBy) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ColumnSummary(String name, Double min, Double max, Double mean, Double std) {
    }

    record ClassSummary(String label, int count) {
    }
}
