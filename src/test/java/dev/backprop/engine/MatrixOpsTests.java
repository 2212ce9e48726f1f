package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.backprop.engine.product.GemmPaths;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MatrixOpsTests {

    @AfterEach
    void parallelOn() {
        Parallel.enabled = true;
    }

    private static Matrix random(int rows, int cols, long seed) {
        RandomState random = new RandomState(seed);
        Matrix m = new Matrix(rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.data()[i] = random.normal(0, 1);
        }
        return m;
    }

    /**
     * The textbook triple loop, each element one fused multiply-add per k in k order from 0, then the
     * bias: every kernel, at every width, tiling and thread count, must give these bits exactly.
     */
    private static Matrix naive(Matrix a, Matrix b, boolean transA, boolean transB, double[] bias) {
        int n = transA ? a.cols() : a.rows();
        int inner = transA ? a.rows() : a.cols();
        int m = transB ? b.rows() : b.cols();
        Matrix c = new Matrix(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < inner; k++) {
                    s = Math.fma(transA ? a.get(k, i) : a.get(i, k), transB ? b.get(j, k) : b.get(k, j), s);
                }
                c.set(i, j, bias == null ? s : s + bias[j]);
            }
        }
        return c;
    }

    /** The shapes every path is checked on (GemmPaths), here through the public operations. */
    private static final int[][] SHAPES = GemmPaths.SHAPES;

    @Test
    void productsEqualTheTextbookFmaLoopBitForBit() {
        for (int[] shape : SHAPES) {
            int n = shape[0];
            int k = shape[1];
            int m = shape[2];
            Matrix a = random(n, k, 1);
            Matrix b = random(k, m, 2);
            Matrix c = new Matrix(0, 0);
            MatrixOps.mult(a, b, c);
            assertThat(c.data()).as("a b, %s", Arrays.toString(shape)).containsExactly(naive(a, b, false, false, null).data());

            double[] bias = random(1, m, 5).data();
            MatrixOps.multAddRow(a, b, bias, c);
            assertThat(c.data()).as("a b + bias, %s", Arrays.toString(shape))
                    .containsExactly(naive(a, b, false, false, bias).data());

            Matrix at = random(k, n, 3);
            MatrixOps.multTransA(at, b, c);
            assertThat(c.data()).as("aT b, %s", Arrays.toString(shape)).containsExactly(naive(at, b, true, false, null).data());

            Matrix bt = random(m, k, 4);
            MatrixOps.multTransB(a, bt, c);
            assertThat(c.data()).as("a bT, %s", Arrays.toString(shape)).containsExactly(naive(a, bt, false, true, null).data());
        }
    }

    @Test
    void theFmaSumIsNotTheSeparatelyRoundedOne() {
        // a product whose k-order sum rounds differently with and without fused multiply-add, so the
        // test above would notice a kernel that rounds the products first
        Matrix a = Matrix.of(new double[][] {{1.0, 1.0 + 0x1p-30}});
        Matrix b = Matrix.of(new double[][] {{-1.0}, {1.0 - 0x1p-30}});
        Matrix c = new Matrix(0, 0);
        MatrixOps.mult(a, b, c);
        assertThat(c.get(0, 0)).isEqualTo(-0x1p-60).isNotEqualTo(-1.0 + (1.0 + 0x1p-30) * (1.0 - 0x1p-30));
    }

    @Test
    void threadsChangeNoBits() {
        // tall products split by rows, wide ones by columns; a tall ten-column one takes the skinny tiles
        for (int[] shape : new int[][] {{300, 400, 200}, {40, 300, 900}, {3000, 300, 10}}) {
            Matrix a = random(shape[0], shape[1], 5);
            Matrix b = random(shape[1], shape[2], 6);
            assertThreadsChangeNoBits(c -> MatrixOps.mult(a, b, c), naive(a, b, false, false, null));
        }
        // a transposed A' of ten columns, split by rows at a tile edge that is not a whole vector's
        Matrix at = random(300, 3000, 7);
        Matrix b = random(300, 10, 8);
        assertThreadsChangeNoBits(c -> MatrixOps.multTransA(at, b, c), naive(at, b, true, false, null));
    }

    private static void assertThreadsChangeNoBits(Consumer<Matrix> product, Matrix expected) {
        Matrix parallel = new Matrix(0, 0);
        Matrix serial = new Matrix(0, 0);
        Parallel.enabled = true;
        product.accept(parallel);
        Parallel.enabled = false;
        product.accept(serial);
        assertThat(parallel.data()).containsExactly(serial.data());
        assertThat(parallel.data()).containsExactly(expected.data());
    }

    @Test
    void refusesMismatchedShapesAndAliasedOutputs() {
        Matrix a = random(2, 3, 1);
        assertThatIllegalArgumentException().isThrownBy(() -> MatrixOps.mult(a, random(2, 3, 2), new Matrix(0, 0)))
                .withMessageContaining("inner dimensions differ");
        Matrix square = random(3, 3, 3);
        assertThatIllegalArgumentException().isThrownBy(() -> MatrixOps.mult(square, square, square))
                .withMessageContaining("alias");
        assertThatIllegalArgumentException().isThrownBy(() -> MatrixOps.sumColumns(a, new double[2]));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MatrixOps.multAddRow(a, random(3, 2, 4), new double[3], new Matrix(0, 0)))
                .withMessageContaining("bias has 3 values");
    }

    @Test
    void columnSums() {
        Matrix a = Matrix.of(new double[][] {{11, 22}, {13, 24}});
        double[] sums = new double[2];
        MatrixOps.sumColumns(a, sums);
        assertThat(sums).containsExactly(24, 46);
    }

    /** Narrow matrices keep their sums in registers, wide ones sum row by row: both in row order. */
    @Test
    void columnSumsRunInRowOrderAtEveryWidth() {
        for (int cols : new int[] {1, 2, 3, 4, 5, 9, 16, 17, 64}) {
            Matrix a = random(37, cols, cols);
            double[] sums = new double[cols];
            MatrixOps.sumColumns(a, sums);
            for (int j = 0; j < cols; j++) {
                double expected = 0.0;
                for (int i = 0; i < a.rows(); i++) {
                    expected += a.get(i, j);
                }
                assertThat(sums[j]).as("column %d of %d", j, cols).isEqualTo(expected);
            }
        }
    }

    @Test
    void reshapeKeepsTheArrayWhenItFits() {
        Matrix m = new Matrix(4, 3);
        double[] data = m.data();
        m.reshape(2, 3);
        assertThat(m.data()).isSameAs(data);
        assertThat(m.size()).isEqualTo(6);
        m.reshape(5, 3);
        assertThat(m.data()).isNotSameAs(data).hasSize(15);
    }
}
