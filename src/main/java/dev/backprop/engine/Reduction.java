package dev.backprop.engine;

/** How a batch's per-row losses combine into the objective: summed (the seeds) or averaged. */
public enum Reduction {
    SUM,
    MEAN;

    /** The factor applied to summed losses and their gradients for a batch of {@code rows}. */
    double scale(int rows) {
        return this == SUM ? 1.0 : 1.0 / rows;
    }
}
