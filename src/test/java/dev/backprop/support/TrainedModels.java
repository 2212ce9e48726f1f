package dev.backprop.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
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

    /** The same task, names, labels, architecture, every weight's bits, standardization and predictions. */
    public static void assertSameModel(TrainedModel back, TrainedModel model) {
        assertThat(back.task()).isEqualTo(model.task());
        assertThat(back.featureNames()).isEqualTo(model.featureNames());
        assertThat(back.targetNames()).isEqualTo(model.targetNames());
        assertThat(back.labels()).isEqualTo(model.labels());
        assertThat(back.network().specs()).isEqualTo(model.network().specs());
        assertThat(back.network().snapshot()).isDeepEqualTo(model.network().snapshot());
        assertThat(back.standardizer().mean()).containsExactly(model.standardizer().mean());
        assertThat(back.standardizer().std()).containsExactly(model.standardizer().std());
        Matrix x = Matrix.of(new double[][] {{1, 2, 3}, {-4, 5e9, 0}});
        assertThat(back.predict(x).data()).containsExactly(model.predict(x).data());
    }
}
