package dev.backprop.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backprop.engine.Task;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Comparator;
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
        @Schema(description = "Rows whose target is missing: kept, left out of training and evaluation")
        int rowsWithoutTarget,
        @Schema(description = "The feature columns in order: each one's kind, missing values and statistics")
        List<ColumnSummary> features,
        @Schema(description = "The target columns; statistics for regression targets only") List<ColumnSummary> targets,
        @Schema(description = "Columns the upload asked to leave out (IGNORE), by name") List<String> ignored,
        @Schema(description = "Classification only: the class labels in index order and their row counts") List<ClassSummary> classes,
        @Schema(description = "Generated datasets only: the generator spec with every default filled in") GeneratorSpec generator,
        Instant createdAt,
        @Schema(description = "who created it: key:<API key id> or jwt:<subject>") String createdBy) {

    /** Levels listed per category column, the most frequent first. */
    static final int LISTED_LEVELS = 20;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ColumnSummary(
            String name,
            @Schema(description = "Features only: NUMBER or CATEGORY") ColumnKind kind,
            @Schema(description = "How many rows have no value here") int missing,
            @Schema(description = "Numbers: over the present values") Double min,
            Double max,
            Double mean,
            Double std,
            @Schema(description = "Categories: how many distinct values") Integer levelCount,
            @Schema(description = "Categories: the most frequent levels with their row counts (at most 20)")
            List<ClassSummary> levels,
            @Schema(description = "Features, present only when true: every present value differs from the others"
                    + " (integers, for a number column), as an identifier's do; such a column teaches nothing that"
                    + " carries over to new rows (IGNORE it)") Boolean identifier) {

        static ColumnSummary of(DatasetColumn column, List<DatasetLevel> levels, int rows) {
            if (column.kind() != ColumnKind.CATEGORY) {
                return new ColumnSummary(column.name(), column.kind(), column.missingCount(), column.min(),
                        column.max(), column.mean(), column.std(), null, null,
                        column.kind() == ColumnKind.NUMBER && column.identifier() ? Boolean.TRUE : null);
            }
            List<ClassSummary> top = levels.stream()
                    .sorted(Comparator.comparingInt(DatasetLevel::rowCount).reversed())
                    .limit(LISTED_LEVELS)
                    .map(l -> new ClassSummary(l.label(), l.rowCount()))
                    .toList();
            boolean identifier = levels.size() > 1 && levels.size() == rows - column.missingCount();
            return new ColumnSummary(column.name(), column.kind(), column.missingCount(), null, null, null, null,
                    levels.size(), top, identifier ? Boolean.TRUE : null);
        }
    }

    record ClassSummary(String label, int count) {
    }
}
