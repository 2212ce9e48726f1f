package dev.backprop.dataset;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Which synthetic dataset to draw and how. Parameters a type does not use must be left out; those
 * left out take the defaults below, and the stored dataset reports every value it was drawn with,
 * the seed included, so the same spec draws the same rows again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A synthetic dataset, deterministic by seed")
public record GeneratorSpec(
        @NotNull
        @Schema(description = "moons and circles as scikit-learn's make_moons and make_circles (same seed, same points);"
                + " blobs as make_blobs; xor, spirals and plane as in TensorFlow Playground", example = "moons")
        GeneratorType type,
        @Min(1) @Max(1_000_000)
        @Schema(description = "Rows to draw (default 200)", example = "200")
        Integer samples,
        @DecimalMin("0.0") @DecimalMax("100.0")
        @Schema(description = "Standard deviation of Gaussian noise (default 0.1 for moons, circles, xor and plane;"
                + " 0.2 for spirals, added to the angle)", example = "0.2")
        Double noise,
        @Min(0) @Max(4294967295L)
        @Schema(description = "Seed of the random stream, 0 to 2^32-1 as numpy's (default: drawn at random and reported)",
                example = "0")
        Long seed,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false)
        @Schema(description = "circles only: inner radius over outer radius (default 0.5)", example = "0.5")
        Double factor,
        @Min(2) @Max(100)
        @Schema(description = "spirals only: number of arms, one class each (default 2)", example = "2")
        Integer classes,
        @Min(1) @Max(100)
        @Schema(description = "blobs only: number of Gaussian clusters, one class each (default 3)", example = "3")
        Integer centers,
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("100.0")
        @Schema(description = "blobs only: standard deviation of each cluster (default 1.0)", example = "1.0")
        Double spread,
        @Min(1) @Max(1000)
        @Schema(description = "blobs and plane only: number of features (default 2)", example = "2")
        Integer features) {
}
