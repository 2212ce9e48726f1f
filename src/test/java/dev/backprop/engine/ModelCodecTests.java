package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCodecTests {

    private static TrainedModel model() {
        Network network = Network.create(3, List.of(new LayerSpec(4, Activation.LEAKY_RELU, true, 0.25),
                new LayerSpec(2, Activation.TANH, false, 0), new LayerSpec(3, Activation.SOFTMAX)), Initializer.HE, 17);
        // values whose decimal forms are long: the round trip must keep every bit
        network.parameters().getFirst().value()[0] = Math.PI * 1e-300;
        network.parameters().getFirst().value()[1] = -0.1 - 0.2;
        return new TrainedModel(Task.CLASSIFICATION, network,
                new Standardizer(new double[] {0.1, 2e10, -3}, new double[] {1.0 / 3, 4, 5e-7}),
                List.of("x", "y \"quoted\"", "z\n"), List.of("label"), List.of("cat", "dog", "ünïcode"));
    }

    private static void assertSameModel(TrainedModel back, TrainedModel model) {
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

    @Test
    void binaryRoundTripIsBitExact() {
        TrainedModel model = model();
        byte[] bytes = ModelCodec.toBytes(model);
        assertSameModel(ModelCodec.fromBytes(bytes), model);
        assertThat(bytes.length).isLessThan(700);
    }

    @Test
    void regressionModelsWithoutNormalizationRoundTrip() {
        Network network = Network.create(2, List.of(new LayerSpec(2, Activation.IDENTITY)), Initializer.XAVIER, 1);
        TrainedModel model = new TrainedModel(Task.REGRESSION, network, null, List.of("a", "b"), List.of("s", "p"),
                List.of());
        TrainedModel back = ModelCodec.fromBytes(ModelCodec.toBytes(model));
        assertThat(back.standardizer()).isNull();
        assertThat(back.network().snapshot()).isDeepEqualTo(network.snapshot());
    }

    @Test
    void refusesBytesThatAreNotAWholeModel() {
        assertThatIllegalArgumentException().isThrownBy(() -> ModelCodec.fromBytes(new byte[] {1, 2, 3, 4}))
                .withMessage("not a backprop model");
        byte[] bytes = ModelCodec.toBytes(model());
        assertThatIllegalArgumentException().isThrownBy(() -> ModelCodec.fromBytes(Arrays.copyOf(bytes, 200)))
                .withMessage("the model bytes are truncated or corrupt");
    }
}
