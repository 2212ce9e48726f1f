package dev.backprop.engine;

/**
 * The learning rate at each epoch (counted from 0):
 * constant η; step decay η γ^⌊epoch / step⌋; exponential decay η γ^epoch; inverse-time η / (1 + γ epoch).
 */
public record Schedule(Type type, double initialRate, double decay, int stepSize) {

    public enum Type { CONSTANT, STEP, EXPONENTIAL, INVERSE_TIME }

    public Schedule {
        if (type == null) {
            throw new IllegalArgumentException("a schedule type is required");
        }
        if (!(initialRate > 0) || Double.isInfinite(initialRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got " + initialRate);
        }
        if (!(decay >= 0) || Double.isInfinite(decay)) {
            throw new IllegalArgumentException("decay must be a non-negative number, got " + decay);
        }
        if (type == Type.STEP && stepSize < 1) {
            throw new IllegalArgumentException("step decay needs a step size of at least 1 epoch, got " + stepSize);
        }
    }

    public static Schedule constant(double rate) {
        return new Schedule(Type.CONSTANT, rate, 0, 1);
    }

    public double rate(int epoch) {
        return switch (type) {
            case CONSTANT -> initialRate;
            case STEP -> initialRate * Math.pow(decay, epoch / stepSize);
            case EXPONENTIAL -> initialRate * Math.pow(decay, epoch);
            case INVERSE_TIME -> initialRate / (1.0 + decay * epoch);
        };
    }
}
