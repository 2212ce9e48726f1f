package dev.backprop.engine;

import java.util.function.DoubleSupplier;

/**
 * Compares an analytic gradient with central differences, (f(θ + h) - f(θ - h)) / 2h, one
 * coordinate at a time. The relative error |a - n| / max(|a| + |n|, 1e-8) is below 1e-6 for a
 * correct gradient in double precision.
 */
public final class GradientCheck {

    /** Step for central differences: small enough for the truncation error, large for rounding. */
    public static final double STEP = 1e-5;

    private GradientCheck() {
    }

    /**
     * The largest relative error over all coordinates of {@code values}.
     *
     * @param values the point; perturbed in place and restored
     * @param analytic the gradient of {@code objective} at the point
     * @param objective evaluates the function at the current {@code values}
     */
    public static double maxRelativeError(double[] values, double[] analytic, DoubleSupplier objective) {
        double worst = 0;
        for (int i = 0; i < values.length; i++) {
            double saved = values[i];
            values[i] = saved + STEP;
            double plus = objective.getAsDouble();
            values[i] = saved - STEP;
            double minus = objective.getAsDouble();
            values[i] = saved;
            double numeric = (plus - minus) / (2 * STEP);
            double error = Math.abs(analytic[i] - numeric) / Math.max(Math.abs(analytic[i]) + Math.abs(numeric), 1e-8);
            worst = Math.max(worst, error);
        }
        return worst;
    }
}
