package dev.backprop.engine;

import dev.backprop.engine.product.GemmPaths;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a small network whose products go through the blocked loop and across the cores and
 * whose activations go through every transcendental, then prints the kernels in use and a hash of
 * the weights' bits, then runs every product path on its shapes ({@link GemmPaths}). {@link SimdWidthTests} runs it once per forced vector width.
 */
public final class WidthFingerprint {

    private WidthFingerprint() {
    }

    private static Matrix normal(RandomState random, int rows, int cols) {
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = random.normal(0, 1);
        }
        return m;
    }

    public static void main(String[] args) {
        RandomState random = new RandomState(11);
        Matrix x = normal(random, 600, 40);
        Matrix y = new Matrix(600, 3);
        for (int r = 0; r < 600; r++) {
            y.set(r, r % 3, 1.0);
        }
        List<LayerSpec> layers = List.of(new LayerSpec(70, Activation.TANH), new LayerSpec(33, Activation.SIGMOID),
                new LayerSpec(3, Activation.SOFTMAX));
        TrainingConfig config = TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(4).batches(100, false)
                .learningRate(0.5).seed(3).build();
        Network network = Network.create(40, layers, Initializer.XAVIER, 5);
        new Trainer(network, config, EpochMetric.ACCURACY).fit(x, y);
        // a two-class network of Britz's shape: small products, two-class softmax, bias sums beside the
        // weight gradients
        Matrix x2 = normal(random, 200, 2);
        Matrix y2 = new Matrix(200, 2);
        for (int r = 0; r < 200; r++) {
            y2.set(r, x2.get(r, 0) * x2.get(r, 1) > 0 ? 1 : 0, 1.0);
        }
        Network small = Network.create(2, List.of(new LayerSpec(3, Activation.TANH), new LayerSpec(2, Activation.SOFTMAX)),
                Initializer.NORMAL_SCALED, 0);
        new Trainer(small, TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(300).learningRate(0.5)
                .seed(3).build(), EpochMetric.ACCURACY).fit(x2, y2);
        // ten classes: the output layer's products take the skinny tiles (or, at 512 bits, vectors down the
        // rows), with partial tiles of rows (50 rows)
        Matrix x3 = normal(random, 250, 30);
        Matrix y3 = new Matrix(250, 10);
        for (int r = 0; r < 250; r++) {
            y3.set(r, r % 10, 1.0);
        }
        Network tenClasses = Network.create(30, List.of(new LayerSpec(40, Activation.TANH),
                new LayerSpec(10, Activation.SOFTMAX)), Initializer.XAVIER, 2);
        new Trainer(tenClasses, TrainingConfig.builder(Loss.CATEGORICAL_CROSS_ENTROPY).epochs(3).batches(50, false)
                .learningRate(0.3).seed(3).build(), EpochMetric.ACCURACY).fit(x3, y3);
        // products of every width up to 17, in all three forms (B' a transpose, A' a transpose), with a bias
        // and with column sums; 61 rows leave partial tiles
        int narrow = 0;
        for (int n = 1; n <= 17; n++) {
            Matrix a = normal(random, 61, 300);
            Matrix b = normal(random, 300, n);
            Matrix bt = normal(random, n, 300);
            Matrix at = normal(random, 300, 61);
            double[] bias = normal(random, 1, n).data();
            Matrix ab = new Matrix(61, n);
            MatrixOps.multAddRow(a, b, bias, ab);
            Matrix abt = new Matrix(61, n);
            MatrixOps.multTransB(a, bt, abt);
            Matrix atb = new Matrix(61, n);
            double[] sums = new double[n];
            MatrixOps.multTransA(at, b, atb, sums);
            // a short row-major A', which 512 bits copy transposed and compute down the rows
            Matrix shortA = normal(random, 61, 60);
            Matrix shortB = normal(random, 60, n);
            Matrix shortAb = new Matrix(61, n);
            MatrixOps.multAddRow(shortA, shortB, bias, shortAb);
            narrow = 31 * narrow + Arrays.hashCode(ab.data()) + 7 * Arrays.hashCode(abt.data())
                    + 11 * Arrays.hashCode(atb.data()) + 13 * Arrays.hashCode(sums) + 17 * Arrays.hashCode(shortAb.data());
        }
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
        System.out.println(Arrays.deepHashCode(network.snapshot()) + " " + Arrays.deepHashCode(small.snapshot()) + " "
                + Arrays.deepHashCode(tenClasses.snapshot()) + " " + narrow + " " + Arrays.hashCode(exp) + " "
                + Arrays.hashCode(tanh) + " " + Arrays.hashCode(log));
        GemmPaths.main(args);
    }
}
