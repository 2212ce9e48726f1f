package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.backprop.support.SeedsReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The numbers the seed articles publish, reproduced from the same initial weights
 * (reference/seeds_reference.json in the test resources, a numpy re-run of each article's code).
 */
class SeedsTests {

    private static final double TOLERANCE = 1e-9;

    private static Network traskTwoLayer() {
        return Network.create(3, List.of(new LayerSpec(1, Activation.SIGMOID, false, 0)), Initializer.UNIFORM, 1);
    }

    @Test
    void traskTwoLayerOutputsAfterTenThousandIterations() {
        JsonNode ref = SeedsReference.seed("trask2");
        Network network = traskTwoLayer();
        assertThat(network.parameters().getFirst().value())
                .containsExactly(flatten(matrix(ref.get("w0"))));

        Matrix x = matrix(ref.get("X"));
        Matrix y = matrix(ref.get("y"));

        // Trask prints l1 from the forward pass of the last iteration, before its update: 9999 updates.
        new Trainer(network, TestConfigs.fullBatch(Loss.SQUARED_ERROR, 9999, 1.0), null)
                .fit(x, y);
        Matrix output = network.predict(x);
        assertThat(output.data()).containsExactly(flatten(matrix(ref.get("output"))), within(TOLERANCE));
        assertThat(output.data()).containsExactly(new double[] {0.00966449, 0.00786506, 0.99358898, 0.99211957},
                within(5e-9));
        new Trainer(network, TestConfigs.fullBatch(Loss.SQUARED_ERROR, 1, 1.0), null)
                .fit(x, y);
        assertThat(network.parameters().getFirst().value())
                .containsExactly(flatten(matrix(ref.get("w_final"))), within(1e-9));
    }

    @Test
    void traskThreeLayerMeanAbsoluteErrorEveryTenThousandIterations() {
        JsonNode ref = SeedsReference.seed("trask3");
        Network network = Network.create(3, List.of(new LayerSpec(4, Activation.SIGMOID, false, 0),
                new LayerSpec(1, Activation.SIGMOID, false, 0)), Initializer.UNIFORM, 1);
        JsonNode w0 = ref.get("w0");
        assertThat(network.parameters().get(0).value()).containsExactly(flatten(matrix(w0.get(0))));
        assertThat(network.parameters().get(1).value()).containsExactly(flatten(matrix(w0.get(1))));
        Matrix x = matrix(ref.get("X"));
        Matrix y = matrix(ref.get("y"));
        Trainer trainer = new Trainer(network, TestConfigs.fullBatch(Loss.SQUARED_ERROR, 10000, 1.0), null);

        List<Double> trace = new ArrayList<>();
        for (int block = 0; block < 6; block++) {
            trace.add(meanAbsoluteError(network.predict(x), y));
            trainer.fit(x, y);
        }

        double[] expected = SeedsReference.doubles(ref.get("mean_abs_error_every_10000"));
        assertThat(trace).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(trace.get(i)).as("iteration %d", i * 10000).isCloseTo(expected[i], within(TOLERANCE));
        }
        assertThat(trace.get(0)).isCloseTo(0.496410031903, within(1e-12));
        assertThat(trace.get(1)).isCloseTo(0.00858452565325, within(1e-12));
        // the printed outputs come from the forward pass before the 60000th update
        Network before = Network.create(3, network.specs(), Initializer.UNIFORM, 1);
        new Trainer(before, TestConfigs.fullBatch(Loss.SQUARED_ERROR, 59999, 1.0), null)
                .fit(x, y);
        assertThat(before.predict(x).data()).containsExactly(flatten(matrix(ref.get("output"))),
                within(TOLERANCE));
    }

    @Test
    void harpersSingleNeuronPredictsTheNewSituation() {
        JsonNode ref = SeedsReference.seed("harper");
        Network network = traskTwoLayer();
        new Trainer(network, TestConfigs.fullBatch(Loss.SQUARED_ERROR, 10000, 1.0), null)
                .fit(matrix(ref.get("X")), matrix(ref.get("y")));

        double prediction = network.predict(Matrix.of(new double[][] {{1, 0, 0}})).get(0, 0);

        assertThat(prediction).isCloseTo(ref.get("predict_1_0_0").doubleValue(), within(TOLERANCE));
        assertThat(prediction).isCloseTo(0.99993704, within(5e-9));
    }

    @Test
    void britzMoonsLossEveryThousandPassesWithAHiddenLayerOfThree() {
        JsonNode ref = SeedsReference.seed("britz");
        JsonNode hidden3 = ref.get("hidden3");
        Matrix x = matrix(ref.get("X"));
        double[] labels = SeedsReference.doubles(ref.get("y"));
        Matrix y = new Matrix(labels.length, 2);
        for (int r = 0; r < labels.length; r++) {
            y.set(r, (int) labels[r], 1.0);
        }
        List<LayerSpec> layers = List.of(new LayerSpec(3, Activation.TANH), new LayerSpec(2, Activation.SOFTMAX));
        Network network = Network.create(2, layers, Initializer.NORMAL_SCALED, 0);
        JsonNode init = hidden3.get("init");
        // numpy.random.seed(0); randn(2, 3) / sqrt(2); randn(3, 2) / sqrt(3) -- the same stream here
        assertThat(network.parameters().get(0).value()).containsExactly(flatten(matrix(init.get(0))));
        assertThat(network.parameters().get(2).value()).containsExactly(flatten(matrix(init.get(2))));

        TrainingConfig config = TestConfigs.withL2(TestConfigs.fullBatch(Loss.CATEGORICAL_CROSS_ENTROPY, 20000, 0.01), 0.01);
        List<Double> losses = new ArrayList<>();
        new Trainer(network, config, EpochMetric.ACCURACY).fit(x, y, Trainer.Options.none().listener(stats -> {
            if ((stats.epoch() - 1) % 1000 == 0) {
                losses.add(stats.trainLoss());
            }
        }));

        double[] expected = SeedsReference.doubles(hidden3.get("loss_every_1000"));
        assertThat(losses).hasSize(20);
        // Before the chaos: the same numbers as numpy to 1e-6.
        assertThat(losses.get(0)).isCloseTo(expected[0], within(1e-6)).isCloseTo(0.43238663, within(1e-6));
        assertThat(losses.get(1)).isCloseTo(expected[1], within(1e-6));
        // Passes 1000 to 4000 are chaotic: nudging one initial weight by 1e-15 moves numpy's own loss at
        // pass 2000 by 1.8e-4. The network then settles into a period-2 oscillation whose phase depends
        // on last-bit rounding (numpy on AVX-512 ends in the first phase, on AVX2 in the second), so the
        // last loss is one of the two phase values, and the accuracy is the same in both.
        assertThat(expected[19]).isCloseTo(SeedsReference.BRITZ_PHASES[0], within(1e-6));
        SeedsReference.assertBritzPhase(losses.get(19));
        double[] finalLoss = new Trainer(network, config, EpochMetric.ACCURACY).evaluate(x, y);
        assertThat(finalLoss[0]).isBetween(SeedsReference.BRITZ_PHASES[0] - 1e-3, SeedsReference.BRITZ_PHASES[1] + 1e-3);
        assertThat(finalLoss[1]).isEqualTo(hidden3.get("train_accuracy").doubleValue()).isEqualTo(0.975);
    }

    private static double meanAbsoluteError(Matrix output, Matrix y) {
        double sum = 0;
        for (int i = 0; i < output.size(); i++) {
            sum += Math.abs(y.data()[i] - output.data()[i]);
        }
        return sum / output.size();
    }

    private static Matrix matrix(JsonNode rows) {
        return Matrix.of(SeedsReference.matrix(rows));
    }

    private static double[] flatten(Matrix m) {
        return Arrays.copyOf(m.data(), m.size());
    }
}
