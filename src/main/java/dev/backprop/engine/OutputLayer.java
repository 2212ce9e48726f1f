package dev.backprop.engine;

/**
 * A layer that may sit on top of a network, under the loss: it shows the activation it ends with
 * and the pre-activations z of its last forward pass, so that a loss fused with that activation
 * computes its value from z and enters backward below the activation.
 */
public sealed interface OutputLayer extends Layer permits Dense {

    /** The activation applied last. */
    Activation activation();

    /** The pre-activations z of the last forward pass. */
    Matrix preActivations();

    /**
     * As {@link #backward}, from dL/dz, the gradient with respect to the pre-activations (modified):
     * the loss has already gone through the activation.
     */
    Matrix backwardFromPreActivations(Matrix gradient, boolean propagate);
}
