package dev.backprop.engine;

/**
 * Which optimizer and its constants. Fields an optimizer does not use are ignored; {@link #of}
 * fills the usual defaults (momentum 0.9, Adam β1 0.9 β2 0.999, RMSProp ρ 0.9, ε 1e-8).
 */
public record OptimizerSpec(Type type, double momentum, double beta1, double beta2, double rho, double epsilon) {

    public enum Type { SGD, MOMENTUM, NESTEROV, ADAM, RMSPROP, ADAGRAD }

    public OptimizerSpec {
        if (type == null) {
            throw new IllegalArgumentException("an optimizer type is required");
        }
        if (!(momentum >= 0 && momentum < 1) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)
                || !(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("momentum, beta1, beta2 and rho must be in [0, 1)");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
    }

    public static OptimizerSpec of(Type type) {
        return new OptimizerSpec(type, 0.9, 0.9, 0.999, 0.9, 1e-8);
    }

    public static OptimizerSpec sgd() {
        return of(Type.SGD);
    }
}
