package dev.backprop.engine;

/**
 * How raw columns become network inputs, as asked: what fills a missing number ({@code MEAN},
 * {@code MEDIAN} or {@code constant} of the training split), whether a number column that had gaps in
 * training gets a 0/1 input saying a value was missing, and what a missing category becomes (an input
 * of its own, or the most frequent level). {@link Inputs#fit} learns the figures from the training split.
 */
public record Preprocessing(Imputation imputation, double constant, boolean indicator, CategoryMissing categoryMissing) {

    /** What fills a missing number. */
    public enum Imputation { MEAN, MEDIAN, CONSTANT }

    /** What a missing category becomes. */
    public enum CategoryMissing { LEVEL, MOST_FREQUENT }

    /** Means for numbers, no indicators, missing categories as a level of their own. */
    public static final Preprocessing DEFAULT = new Preprocessing(Imputation.MEAN, 0, false, CategoryMissing.LEVEL);

    public Preprocessing {
        if (imputation == null || categoryMissing == null) {
            throw new IllegalArgumentException("imputation and categoryMissing are required");
        }
        if (!Double.isFinite(constant)) {
            throw new IllegalArgumentException("the constant must be finite, got " + constant);
        }
    }
}
