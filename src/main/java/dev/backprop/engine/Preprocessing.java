package dev.backprop.engine;

/**
 * How raw columns become network inputs, as asked: what fills a missing number ({@code MEAN},
 * {@code MEDIAN} or {@code constant} of the training split), whether a number column that had gaps in
 * training gets a 0/1 input saying a value was missing, and what a missing category becomes (an input
 * of its own, or the most frequent level), and how few training rows make a level rare: rare levels
 * (two or more of them) share one input. {@link Inputs#fit} learns the figures from the training split.
 */
public record Preprocessing(Imputation imputation, double constant, boolean indicator, CategoryMissing categoryMissing,
        int minLevelRows) {

    /** What fills a missing number. */
    public enum Imputation { MEAN, MEDIAN, CONSTANT }

    /** What a missing category becomes. */
    public enum CategoryMissing { LEVEL, MOST_FREQUENT }

    /** Means for numbers, no indicators, missing categories as a level of their own, no level folded. */
    public static final Preprocessing DEFAULT = new Preprocessing(Imputation.MEAN, 0, false, CategoryMissing.LEVEL, 1);

    /** Every level of its own input. */
    public Preprocessing(Imputation imputation, double constant, boolean indicator, CategoryMissing categoryMissing) {
        this(imputation, constant, indicator, categoryMissing, 1);
    }

    public Preprocessing {
        if (minLevelRows < 1) {
            throw new IllegalArgumentException("minLevelRows must be at least 1, got " + minLevelRows);
        }
        if (imputation == null || categoryMissing == null) {
            throw new IllegalArgumentException("imputation and categoryMissing are required");
        }
        if (!Double.isFinite(constant)) {
            throw new IllegalArgumentException("the constant must be finite, got " + constant);
        }
    }
}
