package dev.backprop.dataset;

/**
 * Consecutive rows of a dataset: the first {@code rows} rows of {@code features} (row-major, one
 * value per feature column) and {@code targets} (row-major; for classification one class number per
 * row). The arrays may be longer than the rows and are reused for the next block.
 */
public record RowBlock(int rows, double[] features, double[] targets) {
}
