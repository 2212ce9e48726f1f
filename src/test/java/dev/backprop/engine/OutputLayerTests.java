package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The output layer's fast paths against the textbook loops, bit for bit: softmax over two classes in
 * straight-line code, cross-entropy gathered without branches, and a layer's bias gradient summed
 * beside its weight gradient.
 */
class OutputLayerTests {

    private static Matrix random(int rows, int cols, long seed, double scale) {
        RandomState random = new RandomState(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = scale * random.normal(0, 1);
        }
        return m;
    }

    /** Per row: subtract the maximum, exp, sum from 0.0 in column order, multiply by the reciprocal. */
    private static double[] textbookSoftmax(Matrix z) {
        double[] out = z.data().clone();
        int cols = z.cols();
        for (int off = 0; off < z.size(); off += cols) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, out[off + j]);
            }
            double sum = 0.0;
            for (int j = 0; j < cols; j++) {
                out[off + j] = Transcendentals.exp(out[off + j] - max);
                sum += out[off + j];
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < cols; j++) {
                out[off + j] *= inv;
            }
        }
        return out;
    }

    @Test
    void softmaxOfTwoClassesIsTheGeneralComputation() {
        for (int cols : new int[] {2, 3, 5}) {
            Matrix z = random(301, cols, cols, 20);
            // ties, huge gaps, and a row that is exactly zero
            z.set(0, 0, 7.5);
            z.set(0, 1, 7.5);
            z.set(1, 0, -800);
            z.set(1, 1, 800);
            z.set(2, 0, 0.0);
            z.set(2, 1, 0.0);
            double[] expected = textbookSoftmax(z);
            Activation.SOFTMAX.apply(z);
            assertThat(z.data()).as("%d classes", cols).containsExactly(Arrays.copyOf(expected, z.size()));
        }
    }

    @Test
    void crossEntropyIsMinusTheLogOfEachTargetsProbabilityInRowOrder() {
        // one-hot and soft targets, two classes and more, through the branch-free gather: all give the
        // textbook loop's bits
        for (int cols : new int[] {2, 3, 10}) {
            for (boolean soft : new boolean[] {false, true}) {
                Matrix z = random(257, cols, cols + 1, 3);
                Matrix a = new Matrix(257, cols);
                a.setTo(z);
                Activation.SOFTMAX.apply(a);
                Matrix y = new Matrix(257, cols);
                RandomState random = new RandomState(4);
                for (int r = 0; r < 257; r++) {
                    y.set(r, (int) ((random.nextInt32() >>> 1) % cols), 1.0);
                }
                if (soft) {
                    y.set(100, 0, 0.5);
                    y.set(100, 1, 0.5);
                    for (int c = 2; c < cols; c++) {
                        y.set(100, c, 0.0);
                    }
                }
                double expected = 0.0;
                for (int i = 0; i < a.size(); i++) {
                    if (y.data()[i] != 0.0) {
                        expected -= y.data()[i] * Transcendentals.log(a.data()[i]);
                    }
                }
                assertThat(Loss.CATEGORICAL_CROSS_ENTROPY.value(z, a, y, Activation.SOFTMAX))
                        .as("%d classes, %s", cols, soft ? "a soft row" : "one-hot").isEqualTo(expected);
            }
        }
    }

    @Test
    void softTargetsAndUnderflowingProbabilitiesStayFinite() {
        // soft targets: -Σ y log p to rounding
        Matrix z = Matrix.of(new double[][] {{0.5, -1.0, 2.0}, {3.0, 3.0, -2.0}});
        Matrix a = new Matrix(2, 3);
        a.setTo(z);
        Activation.SOFTMAX.apply(a);
        Matrix y = Matrix.of(new double[][] {{0.2, 0.3, 0.5}, {0.0, 0.9, 0.1}});
        double expected = 0.0;
        for (int i = 0; i < 6; i++) {
            expected -= y.data()[i] * Math.log(a.data()[i]);
        }
        assertThat(Loss.CATEGORICAL_CROSS_ENTROPY.value(z, a, y, Activation.SOFTMAX)).isCloseTo(expected,
                within(1e-14));

        // a target whose probability underflows to 0: the row's loss from z, z_max - z_t + log Σ e^(z - z_max)
        Matrix zu = Matrix.of(new double[][] {{-800.0, 0.0}, {1.0, 2.0}});
        Matrix au = new Matrix(2, 2);
        au.setTo(zu);
        Activation.SOFTMAX.apply(au);
        assertThat(au.get(0, 0)).isZero();
        Matrix yu = Matrix.of(new double[][] {{1.0, 0.0}, {0.0, 1.0}});
        double value = Loss.CATEGORICAL_CROSS_ENTROPY.value(zu, au, yu, Activation.SOFTMAX);
        assertThat(value).isCloseTo(800.0 - Math.log(au.get(1, 1)), within(1e-12));
    }

    @Test
    void biasGradientsBesideWeightGradientsAreTheColumnSums() {
        // narrow products sum beside their first pass (one row, an odd number, a pair and more); wider
        // ones and large ones sum separately: every one gives sumColumns' bits and the product's
        for (int[] shape : new int[][] {{200, 2, 3}, {200, 3, 2}, {200, 1, 4}, {37, 5, 1}, {2, 1, 3}, {64, 32, 10},
            {300, 70, 4}}) {
            Matrix x = random(shape[0], shape[1], shape[1], 1);
            Matrix d = random(shape[0], shape[2], shape[2] + 10, 1);
            Matrix grad = new Matrix(0, 0);
            double[] sums = new double[shape[2]];
            MatrixOps.multTransA(x, d, grad, sums);
            Matrix expectedGrad = new Matrix(0, 0);
            double[] expectedSums = new double[shape[2]];
            MatrixOps.multTransA(x, d, expectedGrad);
            MatrixOps.sumColumns(d, expectedSums);
            assertThat(grad.data()).as("weights %s", Arrays.toString(shape)).containsExactly(expectedGrad.data());
            assertThat(sums).as("sums %s", Arrays.toString(shape)).containsExactly(expectedSums);
            for (int j = 0; j < shape[2]; j++) {
                double s = 0.0;
                for (int i = 0; i < shape[0]; i++) {
                    s += d.get(i, j);
                }
                assertThat(sums[j]).isEqualTo(s);
            }
        }
    }
}
