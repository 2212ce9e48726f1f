package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.backprop.support.TrainedModels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCodecTests {

    @Test
    void binaryRoundTripIsBitExact() {
        TrainedModel model = TrainedModels.awkward();
        byte[] bytes = ModelCodec.toBytes(model);
        TrainedModels.assertSameModel(ModelCodec.fromBytes(bytes), model);
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
        byte[] bytes = ModelCodec.toBytes(TrainedModels.awkward());
        assertThatIllegalArgumentException().isThrownBy(() -> ModelCodec.fromBytes(Arrays.copyOf(bytes, 200)))
                .withMessage("the model bytes are truncated or corrupt");
    }
}
