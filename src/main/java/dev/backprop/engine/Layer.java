package dev.backprop.engine;

import java.util.List;

/**
 * One layer of a {@link Network}: forward keeps what backward needs, backward turns the gradient of
 * the loss with respect to the layer's outputs into its parameters' gradients and, when asked, the
 * gradient with respect to its inputs, which the layer below takes as its own output gradient. Each
 * layer applies its own activation's derivative. The layer on top is an {@link OutputLayer}, which a
 * loss fused with its activation enters below that activation. Layers hold per-batch buffers: one
 * instance trains on one thread, while {@link #predict} allocates its own.
 *
 * <p>Sealed so that the codecs and the ONNX export, which write every layer type, are told by the
 * compiler when a type is added.
 */
public sealed interface Layer permits OutputLayer {

    int inputs();

    int outputs();

    /** The layer's trainable values, in the order snapshots and optimizers see them; live. */
    List<Parameter> parameters();

    /**
     * Computes the outputs for a batch and keeps what {@link #backward} needs. With {@code training},
     * dropout (where the layer has it) draws from {@code random}. Returns a buffer the next call reuses.
     */
    Matrix forward(Matrix x, boolean training, SplitStream random);

    /**
     * From dL/d(outputs) of the last forward pass in {@code outputGradient} (modified), writes the
     * parameters' gradients and returns dL/d(inputs) when {@code propagate} (a buffer the next call
     * reuses), null otherwise.
     */
    Matrix backward(Matrix outputGradient, boolean propagate);

    /** Outputs for a batch in inference mode, in fresh buffers: safe beside other predictions. */
    Matrix predict(Matrix x);
}
