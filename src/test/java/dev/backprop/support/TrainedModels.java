package dev.backprop.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.Inputs;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.Matrix;
import dev.backprop.engine.Network;
import dev.backprop.engine.Standardizer;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import java.util.List;

/** A trained model that is hard to write down exactly, and the check that a copy of it is the same. */
public final class TrainedModels {

    private TrainedModels() {
    }

    /** Three layers, every activation kind of path, names that need escaping, values with long decimals. */
    public static TrainedModel awkward() {
        Network network = Network.create(3, List.of(new LayerSpec(4, Activation.LEAKY_RELU, true, 0.25),
                new LayerSpec(2, Activation.TANH, false, 0), new LayerSpec(3, Activation.SOFTMAX)), Initializer.HE, 17);
        // values whose decimal forms are long: a round trip must keep every bit
        network.parameters().getFirst().value()[0] = Math.PI * 1e-300;
        network.parameters().getFirst().value()[1] = -0.1 - 0.2;
        network.parameters().getFirst().value()[2] = Double.MIN_VALUE;
        return new TrainedModel(Task.CLASSIFICATION, network,
                new Standardizer(new double[] {0.1, 2e10, -3}, new double[] {1.0 / 3, 4, 5e-7}),
                List.of("x", "y \"quoted\"", "z\\back/slash"), List.of("label"), List.of("cat", "dog", "ünïcode"));
    }

    /**
     * Raw columns of every kind: a number imputed with an indicator, a category with an input for missing,
     * a category whose gaps take a level and whose two rare levels share an input, and a number from before
     * imputation (no fill); standardized.
     */
    public static TrainedModel mixed() {
        Inputs inputs = new Inputs(List.of(
                new Inputs.Number("age", 29.5, true, 30.25, 11.0 / 3),
                new Inputs.Category("island", List.of("Biscoe", "Dream", "Torgersen"), true, -1),
                new Inputs.Category("sex", List.of("female", "male", "x", "y"), false, 1, 2),
                new Inputs.Number("mass", Inputs.NO_FILL, false, -0.1 - 0.2, 1e-3)), true);
        Network network = Network.create(inputs.width(), List.of(new LayerSpec(3, Activation.TANH),
                new LayerSpec(2, Activation.SOFTMAX)), Initializer.XAVIER, 5);
        return new TrainedModel(Task.CLASSIFICATION, network, inputs, List.of("species"), List.of("Adelie", "Gentoo"));
    }

    /** Raw rows for {@link #mixed()}: values, gaps, an unseen level (-1), a rare one. */
    public static Matrix mixedRows() {
        return Matrix.of(new double[][] {{31, 2, 0, 0.5}, {Double.NaN, Double.NaN, Double.NaN, 1}, {20, -1, 1, 0},
            {25, 0, 3, 2}});
    }

    /** The same task, names, labels, architecture, every weight's bits, inputs and predictions. */
    public static void assertSameModel(TrainedModel back, TrainedModel model) {
        assertSameModel(back, model, Matrix.of(new double[][] {{1, 2, 3}, {-4, 5e9, 0}}));
    }

    /** As {@link #assertSameModel(TrainedModel, TrainedModel)}, predicting raw rows {@code x}. */
    public static void assertSameModel(TrainedModel back, TrainedModel model, Matrix x) {
        assertThat(back.task()).isEqualTo(model.task());
        assertThat(back.featureNames()).isEqualTo(model.featureNames());
        assertThat(back.targetNames()).isEqualTo(model.targetNames());
        assertThat(back.labels()).isEqualTo(model.labels());
        assertThat(back.network().specs()).isEqualTo(model.network().specs());
        assertThat(back.network().snapshot()).isDeepEqualTo(model.network().snapshot());
        assertThat(back.inputs()).isEqualTo(model.inputs());
        assertThat(back.predict(x).data()).containsExactly(model.predict(x).data());
    }
}
