package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.Network;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import dev.backprop.support.TrainedModels;
import dev.backprop.system.InvalidRequestException;
import dev.backprop.system.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ModelDocumentTests {

    private final JsonMapper json = new JsonMapper();

    private ModelDocument roundTrip(ModelDocument document) {
        return json.readValue(json.writeValueAsString(document), ModelDocument.class);
    }

    @Test
    void roundTripThroughJsonIsBitExact() {
        TrainedModel model = TrainedModels.awkward();

        TrainedModels.assertSameModel(roundTrip(ModelDocument.of(model)).toModel(), model);
    }

    @Test
    void columnsOfEveryKindRoundTripBitExact() {
        TrainedModel model = TrainedModels.mixed();
        TrainedModels.assertSameModel(roundTrip(ModelDocument.of(model)).toModel(), model, TrainedModels.mixedRows());
    }

    /** A document of the first version: a normalization in place of columns. */
    @Test
    void firstVersionDocumentsStillRead() {
        TrainedModel model = TrainedModels.awkward();
        ModelDocument v2 = ModelDocument.of(model);
        ModelDocument v1 = new ModelDocument(v2.format(), 1, v2.task(), v2.inputs(), v2.featureNames(),
                v2.targetNames(), v2.labels(), new ModelDocument.Normalization(model.standardizer().mean(),
                        model.standardizer().std()), null, null, v2.layers());
        TrainedModels.assertSameModel(roundTrip(v1).toModel(), model);
    }

    @Test
    void readsAsDocumentedFieldsInOrderWithNullsForAbsentParts() {
        JsonNode doc = json.readTree(json.writeValueAsString(ModelDocument.of(TrainedModels.awkward())));

        assertThat(doc.propertyNames()).containsExactly("format", "version", "task", "inputs", "featureNames",
                "targetNames", "labels", "normalization", "standardized", "columns", "layers");
        assertThat(doc.get("version").asInt()).isEqualTo(2);
        assertThat(doc.get("normalization").isNull()).isTrue();
        JsonNode column = doc.get("columns").get(1);
        assertThat(column.propertyNames()).containsExactly("name", "kind", "missingIndicator", "mean", "std");
        assertThat(column.get("name").asString()).isEqualTo("y \"quoted\"");
        assertThat(column.get("mean").asDouble()).isEqualTo(2e10);
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
        ModelDocument good = ModelDocument.of(TrainedModels.awkward());
        ModelDocument.Layer first = good.layers().getFirst();

        assertThat(violations(new ModelDocument("other", 3, null, 0, null, List.of(), null, null, null, null, List.of())))
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
                List.of(), null, null, null, List.of(new ModelDocument.Layer(30_000, Activation.IDENTITY, false, 0.0,
                        new double[][] {{1}}, null)));

        assertThat(violations(huge)).containsExactly(
                Violation.of("layers[0].weights", "expected 30000 rows (the layer's inputs)"));
    }

    @Test
    void aNullNameOrLabelIsNamed() {
        ModelDocument good = ModelDocument.of(TrainedModels.awkward());
        ModelDocument nullLabel = new ModelDocument(good.format(), good.version(), good.task(), good.inputs(),
                good.featureNames(), good.targetNames(), Arrays.asList("cat", null, "eel"), good.normalization(),
                good.standardized(), good.columns(), good.layers());

        assertThat(violations(nullLabel)).containsExactly(Violation.of("labels[1]", "must be a string"));
    }

    @Test
    void aRepeatedNameOrLabelIsNamed() {
        ModelDocument good = ModelDocument.of(TrainedModels.awkward());
        ModelDocument repeated = new ModelDocument(good.format(), good.version(), good.task(), good.inputs(),
                good.featureNames(), good.targetNames(), List.of("cat", "dog", "cat"), good.normalization(),
                good.standardized(), good.columns(), good.layers());
        ModelDocument features = new ModelDocument(good.format(), good.version(), good.task(), good.inputs(),
                List.of("x", "y", "x"), good.targetNames(), good.labels(), good.normalization(), good.standardized(), good.columns(),
                good.layers());

        assertThat(violations(repeated)).containsExactly(
                Violation.of("labels[2]", "repeats \"cat\": names must differ"));
        assertThat(violations(features)).containsExactly(
                Violation.of("featureNames[2]", "repeats \"x\": names must differ"));
    }

    @Test
    void modelRulesTheEngineChecksComeBackAsAViolationOfTheBody() {
        ModelDocument good = ModelDocument.of(TrainedModels.awkward());
        ModelDocument twoLabels = new ModelDocument(good.format(), good.version(), good.task(), good.inputs(),
                good.featureNames(), good.targetNames(), List.of("cat", "dog"), good.normalization(), good.standardized(),
                good.columns(), good.layers());

        assertThat(violations(twoLabels)).extracting(Violation::field).containsExactly("body");
    }

    private static ModelDocument withFirstLayer(ModelDocument d, ModelDocument.Layer layer) {
        List<ModelDocument.Layer> layers = new ArrayList<>(d.layers());
        layers.set(0, layer);
        return new ModelDocument(d.format(), d.version(), d.task(), d.inputs(), d.featureNames(), d.targetNames(),
                d.labels(), d.normalization(), d.standardized(), d.columns(), layers);
    }

    private static List<Violation> violations(ModelDocument document) {
        return catchThrowableOfType(InvalidRequestException.class, document::toModel).violations();
    }
}
