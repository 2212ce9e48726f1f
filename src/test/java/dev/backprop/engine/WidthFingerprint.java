package dev.backprop.engine;

import java.util.Arrays;
import java.util.List;

/**
 * Trains a small network whose products go through the packed kernel and across the cores and
 * whose activations go through every transcendental, then prints the kernels in use and a hash of
 * the weights' bits. {@link SimdWidthTests} runs it once per forced vector width.
 */
public final class WidthFingerprint {

    private WidthFingerprint() {
    }

    public static void main(String[] args) {
        RandomState random = new RandomState(11);
        Matrix x = new Matrix(600, 40);
        Matrix y = new Matrix(600, 3);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = random.normal(0, 1);
        }
        for (int r = 0; r < 600; r++) {
            y.set(r, r % 3, 1.0);
        }
        List<LayerSpec> layers = List.of(new LayerSpec(70, Activation.TANH), new LayerSpec(33, Activation.SIGMOID),
                new LayerSpec(3, Activation.SOFTMAX));
        TrainingConfig config = new TrainingConfig(Loss.CATEGORICAL_CROSS_ENTROPY, Reduction.MEAN, 4, 100, false,
                OptimizerSpec.sgd(), Schedule.constant(0.5), 0, 0, 0, null, 1, 3);
        Network network = Network.create(40, layers, Initializer.XAVIER, 5);
        new Trainer(network, config, Metric.ACCURACY).fit(x, y, null, null, null, () -> false);
        // a two-class network of Britz's shape: small products, two-class softmax, bias sums beside the
        // weight gradients
        Matrix x2 = new Matrix(200, 2);
        Matrix y2 = new Matrix(200, 2);
        for (int i = 0; i < x2.size(); i++) {
            x2.data()[i] = random.normal(0, 1);
        }
        for (int r = 0; r < 200; r++) {
            y2.set(r, x2.get(r, 0) * x2.get(r, 1) > 0 ? 1 : 0, 1.0);
        }
        Network small = Network.create(2, List.of(new LayerSpec(3, Activation.TANH), new LayerSpec(2, Activation.SOFTMAX)),
                Initializer.NORMAL_SCALED, 0);
        new Trainer(small, new TrainingConfig(Loss.CATEGORICAL_CROSS_ENTROPY, Reduction.MEAN, 300, 0, false,
                OptimizerSpec.sgd(), Schedule.constant(0.5), 0, 0, 0, null, 1, 3), Metric.ACCURACY)
                .fit(x2, y2, null, null, null, () -> false);
        double[] probe = {-800, -50, -3.3, -0.7, -1e-9, 0, 1e-300, 0.3, 0.9, 2.5, 21.9, 709.7, 1e300};
        double[] exp = probe.clone();
        double[] tanh = probe.clone();
        double[] log = probe.clone();
        for (int i = 0; i < log.length; i++) {
            log[i] = Math.abs(log[i]);
        }
        ArrayMath.BEST.exp(exp, 0, exp.length);
        ArrayMath.BEST.tanh(tanh, 0, tanh.length);
        ArrayMath.BEST.log(log, 0, log.length);
        System.out.println(MatrixOps.kernel() + " | " + ArrayMath.BEST.describe());
        System.out.println(Arrays.deepHashCode(network.snapshot()) + " " + Arrays.deepHashCode(small.snapshot()) + " " + Arrays.hashCode(exp) + " "
                + Arrays.hashCode(tanh) + " " + Arrays.hashCode(log));
    }
}
