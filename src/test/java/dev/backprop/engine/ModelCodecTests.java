package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.backprop.support.TrainedModels;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    void inputsOfEveryKindRoundTripBitExact() {
        TrainedModel model = TrainedModels.mixed();
        TrainedModels.assertSameModel(ModelCodec.fromBytes(ModelCodec.toBytes(model)), model, TrainedModels.mixedRows());
    }

    /** A model stored before column kinds: feature names and a standardizer in place of the inputs. */
    @Test
    void modelsStoredInTheFirstFormatStillRead() throws IOException {
        TrainedModel model = TrainedModels.awkward();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x4250524d);
            out.writeShort(1);
            out.writeUTF(model.task().name());
            for (List<String> strings : List.of(model.featureNames(), model.targetNames(), model.labels())) {
                out.writeInt(strings.size());
                for (String s : strings) {
                    out.writeUTF(s);
                }
            }
            out.writeBoolean(true);
            for (double[] values : List.of(model.standardizer().mean(), model.standardizer().std())) {
                writeDoubles(out, values);
            }
            out.writeInt(model.network().inputs());
            out.writeInt(model.network().layers().size());
            for (Layer each : model.network().layers()) {
                Dense layer = (Dense) each;
                out.writeInt(layer.spec().units());
                out.writeUTF(layer.spec().activation().name());
                out.writeBoolean(layer.spec().bias());
                out.writeDouble(layer.spec().dropout());
                writeDoubles(out, layer.weights().value());
                writeDoubles(out, layer.biases().value());
            }
        }
        TrainedModel back = ModelCodec.fromBytes(bytes.toByteArray());
        TrainedModels.assertSameModel(back, model);
        assertThat(back.inputs().columns()).allSatisfy(c -> assertThat(((Inputs.Number) c).imputes()).isFalse());
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
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
