package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.Matrix;
import dev.backprop.engine.Network;
import dev.backprop.engine.Standardizer;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ModelDocumentTests {

    private final JsonMapper json = new JsonMapper();

    private static TrainedModel model() {
        Network network = Network.create(3, List.of(new LayerSpec(4, Activation.LEAKY_RELU, true, 0.25),
                new LayerSpec(2, Activation.TANH, false, 0), new LayerSpec(3, Activation.SOFTMAX)), Initializer.HE, 17);
        // values whose decimal forms are long: the round trip must keep every bit
        network.parameters().getFirst().value()[0] = Math.PI * 1e-300;
        network.parameters().getFirst().value()[1] = -0.1 - 0.2;
        network.parameters().getFirst().value()[2] = Double.MIN_VALUE;
        return new TrainedModel(Task.CLASSIFICATION, network,
                new Standardizer(new double[] {0.1, 2e10, -3}, new double[] {1.0 / 3, 4, 5e-7}),
                List.of("x", "y \"quoted\"", "z\n"), List.of("label"), List.of("cat", "dog", "ünïcode"));
    }

    private ModelDocument roundTrip(ModelDocument document) {
        return json.readValue(json.writeValueAsString(document), ModelDocument.class);
    }

    @Test
    void roundTripThroughJsonIsBitExact() {
        TrainedModel model = model();
        TrainedModel back = roundTrip(ModelDocument.of(model)).toModel();

        assertThat(back.task()).isEqualTo(model.task());
        assertThat(back.featureNames()).isEqualTo(model.featureNames());
        assertThat(back.labels()).isEqualTo(model.labels());
        assertThat(back.network().specs()).isEqualTo(model.network().specs());
        assertThat(back.network().snapshot()).isDeepEqualTo(model.network().snapshot());
        assertThat(back.standardizer().mean()).containsExactly(model.standardizer().mean());
        assertThat(back.standardizer().std()).containsExactly(model.standardizer().std());
        Matrix x = Matrix.of(new double[][] {{1, 2, 3}, {-4, 5e9, 0}});
        assertThat(back.predict(x).data()).containsExactly(model.predict(x).data());
    }

    @Test
    void readsAsDocumentedFieldsInOrderWithNullsForAbsentParts() {
        JsonNode doc = json.readTree(json.writeValueAsString(ModelDocument.of(model())));

        assertThat(doc.propertyNames()).containsExactly("format", "version", "task", "inputs", "featureNames",
                "targetNames", "labels", "normalization", "layers");
        assertThat(doc.get("format").asString()).isEqualTo("backprop-model");
        JsonNode first = doc.get("layers").get(0);
        assertThat(first.propertyNames()).containsExactly("units", "activation", "bias", "dropout", "weights", "biases");
        assertThat(first.get("activation").asString()).isEqualTo("LEAKY_RELU");
        assertThat(first.get("weights").size()).isEqualTo(3);
        assertThat(first.get("weights").get(0).size()).isEqualTo(4);
        assertThat(doc.get("layers").get(1).get("biases").isNull()).isTrue();
    }

    @Test
    void regressionWithoutNormalizationRoundTrips() {
        Network network = Network.create(2, List.of(new LayerSpec(2, Activation.IDENTITY)), Initializer.XAVIER, 1);
        TrainedModel model = new TrainedModel(Task.REGRESSION, network, null, List.of("a", "b"), List.of("s", "p"),
                List.of());
        ModelDocument document = roundTrip(ModelDocument.of(model));

        assertThat(document.normalization()).isNull();
        TrainedModel back = document.toModel();
        assertThat(back.standardizer()).isNull();
        assertThat(back.network().snapshot()).isDeepEqualTo(network.snapshot());
    }

    @Test
    void namesEveryFieldAtFault() {
        ModelDocument good = ModelDocument.of(model());
        ModelDocument.Layer first = good.layers().getFirst();

        assertThat(violations(new ModelDocument("other", 2, null, 0, null, List.of(), null, null, List.of())))
                .extracting(Violation::field)
                .containsExactly("format", "version", "task", "featureNames", "inputs", "layers");
        assertThat(violations(withFirstLayer(good, new ModelDocument.Layer(4, Activation.TANH, true, 0.0,
                new double[2][4], first.biases()))))
                .containsExactly(Violation.of("layers[0].weights", "expected 3 rows (the layer's inputs)"));
        double[][] infinite = {first.weights()[0], {1, 2, Double.POSITIVE_INFINITY, 4}, first.weights()[2]};
        assertThat(violations(withFirstLayer(good, new ModelDocument.Layer(4, Activation.TANH, true, 0.0, infinite,
                null))))
                .containsExactly(Violation.of("layers[0].weights[1][2]", "must be a finite number"),
                        Violation.of("layers[0].biases",
                                "expected 4 values (the layer's units); required when bias is true"));
        assertThat(violations(withFirstLayer(good, new ModelDocument.Layer(0, null, true, 1.5, null, null))))
                .extracting(Violation::field)
                .containsExactly("layers[0].units", "layers[0].activation", "layers[0].dropout");
    }

    /** A layer declaring a huge size is refused by its shape before anything of that size is allocated. */
    @Test
    void aDeclaredSizeLargerThanTheWeightsSentIsRefusedBeforeAllocating() {
        ModelDocument huge = new ModelDocument("backprop-model", 1, Task.REGRESSION, 30_000, List.of("a"), List.of("y"),
                List.of(), null, List.of(new ModelDocument.Layer(30_000, Activation.IDENTITY, false, 0.0,
                        new double[][] {{1}}, null)));

        assertThat(violations(huge)).containsExactly(
                Violation.of("layers[0].weights", "expected 30000 rows (the layer's inputs)"));
    }

    @Test
    void modelRulesTheEngineChecksComeBackAsAViolationOfTheBody() {
        ModelDocument good = ModelDocument.of(model());
        ModelDocument twoLabels = new ModelDocument(good.format(), good.version(), good.task(), good.inputs(),
                good.featureNames(), good.targetNames(), List.of("cat", "dog"), good.normalization(), good.layers());

        assertThat(violations(twoLabels)).extracting(Violation::field).containsExactly("body");
    }

    private static ModelDocument withFirstLayer(ModelDocument d, ModelDocument.Layer layer) {
        List<ModelDocument.Layer> layers = new ArrayList<>(d.layers());
        layers.set(0, layer);
        return new ModelDocument(d.format(), d.version(), d.task(), d.inputs(), d.featureNames(), d.targetNames(),
                d.labels(), d.normalization(), layers);
    }

    private static List<Violation> violations(ModelDocument document) {
        return catchThrowableOfType(InvalidRequestException.class, document::toModel).violations();
    }
}
