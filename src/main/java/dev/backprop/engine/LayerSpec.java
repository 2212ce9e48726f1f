package dev.backprop.engine;

/**
 * One dense layer of a network: how many units, which activation, whether it adds a bias, and the
 * fraction of its outputs dropped while training (inverted dropout; 0 for none).
 */
public record LayerSpec(int units, Activation activation, boolean bias, double dropout) {

    public LayerSpec {
        if (units < 1) {
            throw new IllegalArgumentException("a layer needs at least one unit, got " + units);
        }
        if (activation == null) {
            throw new IllegalArgumentException("a layer needs an activation");
        }
        if (!(dropout >= 0.0 && dropout < 1.0)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    public LayerSpec(int units, Activation activation) {
        this(units, activation, true, 0.0);
    }
}
