package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every activation, loss and layer against central differences (relative error below 1e-6). */
class GradientCheckTests {

    private static final double LIMIT = 1e-6;

    private static Matrix random(int rows, int cols, long seed, double scale) {
        RandomState random = new RandomState(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = random.normal(0, scale);
        }
        return m;
    }

    /** Rows of probabilities: soft targets exercise every term of the cross-entropies. */
    private static Matrix targets(int rows, int cols, long seed, boolean rowsSumToOne) {
        RandomState random = new RandomState(seed);
        Matrix y = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                double v = 0.05 + 0.9 * random.nextDouble();
                y.set(r, c, v);
                sum += v;
            }
            if (rowsSumToOne) {
                for (int c = 0; c < cols; c++) {
                    y.set(r, c, y.get(r, c) / sum);
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void activationBackwardMatchesCentralDifferences(Activation activation) {
        Matrix z = random(4, 5, 1, 1.5);
        Matrix upstream = random(4, 5, 2, 1.0);
        Matrix a = z.copy();
        activation.apply(a);
        Matrix grad = upstream.copy();
        activation.backprop(a, grad);

        double error = GradientCheck.maxRelativeError(z.data(), grad.data(), () -> {
            Matrix out = z.copy();
            activation.apply(out);
            double s = 0;
            for (int i = 0; i < out.size(); i++) {
                s += upstream.data()[i] * out.data()[i];
            }
            return s;
        });
        assertThat(error).isLessThan(LIMIT);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void squaredErrorGradientAfterEveryActivation(Activation output) {
        assertThat(lossGradientError(Loss.SQUARED_ERROR, output, targets(3, 4, 7, false))).isLessThan(LIMIT);
    }

    @Test
    void binaryCrossEntropyFusedWithSigmoidAndAfterSoftmax() {
        assertThat(lossGradientError(Loss.BINARY_CROSS_ENTROPY, Activation.SIGMOID, targets(3, 4, 7, false)))
                .isLessThan(LIMIT);
        assertThat(lossGradientError(Loss.BINARY_CROSS_ENTROPY, Activation.SOFTMAX, targets(3, 4, 7, false)))
                .isLessThan(LIMIT);
    }

    @Test
    void categoricalCrossEntropyFusedWithSoftmaxAndAfterSigmoid() {
        assertThat(lossGradientError(Loss.CATEGORICAL_CROSS_ENTROPY, Activation.SOFTMAX, targets(3, 4, 7, true)))
                .isLessThan(LIMIT);
        assertThat(lossGradientError(Loss.CATEGORICAL_CROSS_ENTROPY, Activation.SIGMOID, targets(3, 4, 7, true)))
                .isLessThan(LIMIT);
    }

    /** dL/dz of a loss on top of an output activation, against differences of L(f(z)). */
    private static double lossGradientError(Loss loss, Activation output, Matrix y) {
        Matrix z = random(y.rows(), y.cols(), 3, 1.0);
        Matrix a = z.copy();
        output.apply(a);
        Matrix grad = new Matrix(0, 0);
        loss.gradient(a, y, output, 0.5, grad);
        return GradientCheck.maxRelativeError(z.data(), grad.data(), () -> {
            Matrix out = z.copy();
            output.apply(out);
            return 0.5 * loss.value(z, out, y, output);
        });
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = "SOFTMAX", mode = EnumSource.Mode.EXCLUDE)
    void networkGradientThroughEveryHiddenActivationWithPenaltiesAndDropout(Activation hidden) {
        List<LayerSpec> layers = List.of(
                new LayerSpec(5, hidden, true, 0.3),
                new LayerSpec(4, hidden, false, 0.0),
                new LayerSpec(3, Activation.SOFTMAX, true, 0.0));
        Network network = Network.create(3, layers, Initializer.XAVIER, 11);
        for (Parameter p : network.parameters()) {
            if (!p.regularized()) {
                RandomState random = new RandomState(12);
                for (int i = 0; i < p.size(); i++) {
                    p.value()[i] = random.normal(0, 0.5);
                }
            }
        }
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).learningRate(0.1).l1(0.01)
                .l2(0.02).build();
        Trainer trainer = new Trainer(network, config, null);
        Matrix x = random(6, 3, 13, 1.0);
        Matrix y = targets(6, 3, 14, true);

        for (Parameter p : network.parameters()) {
            trainer.objective(x, y, new SplitStream(99));
            double[] analytic = p.grad().clone();
            // the same seed draws the same dropout mask at every evaluation
            double error = GradientCheck.maxRelativeError(p.value(), analytic,
                    () -> trainer.objective(x, y, new SplitStream(99)));
            assertThat(error).as(p.name()).isLessThan(LIMIT);
        }
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void networkGradientForEveryLossSummedAndAveraged(Loss loss) {
        Activation output = loss == Loss.CATEGORICAL_CROSS_ENTROPY ? Activation.SOFTMAX : Activation.SIGMOID;
        for (Reduction reduction : Reduction.values()) {
            Network network = Network.create(4, List.of(new LayerSpec(6, Activation.TANH),
                    new LayerSpec(3, output)), Initializer.NORMAL_SCALED, 5);
            TrainingConfig config = TrainingConfig.builder(loss).reduction(reduction).learningRate(0.1).build();
            Trainer trainer = new Trainer(network, config, null);
            Matrix x = random(5, 4, 6, 1.0);
            Matrix y = targets(5, 3, 8, loss == Loss.CATEGORICAL_CROSS_ENTROPY);
            for (Parameter p : network.parameters()) {
                trainer.objective(x, y, null);
                double error = GradientCheck.maxRelativeError(p.value(), p.grad().clone(),
                        () -> trainer.objective(x, y, null));
                assertThat(error).as(loss + " " + reduction + " " + p.name()).isLessThan(LIMIT);
            }
        }
    }

    @Test
    void aWrongGradientFailsTheCheck() {
        Matrix z = random(4, 5, 1, 1.5);
        Matrix a = z.copy();
        Activation.SIGMOID.apply(a);
        Matrix ones = new Matrix(4, 5);
        ones.fill(1.0);
        // tanh's derivative, 1 - a², applied to sigmoid outputs: plausible-looking and wrong
        Matrix wrong = ones.copy();
        Activation.TANH.backprop(a, wrong);

        double error = GradientCheck.maxRelativeError(z.data(), wrong.data(), () -> {
            Matrix out = z.copy();
            Activation.SIGMOID.apply(out);
            double s = 0;
            for (int i = 0; i < out.size(); i++) {
                s += out.data()[i];
            }
            return s;
        });
        assertThat(error).isGreaterThan(0.1);
    }
}
