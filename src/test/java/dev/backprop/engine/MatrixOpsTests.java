package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

    /** The textbook triple loop, summing k in order: the kernels must give these bits exactly. */
    private static Matrix naive(Matrix a, Matrix b, boolean transA, boolean transB) {
        int n = transA ? a.cols() : a.rows();
        int inner = transA ? a.rows() : a.cols();
        int m = transB ? b.rows() : b.cols();
        Matrix c = new Matrix(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < inner; k++) {
                    s += (transA ? a.get(k, i) : a.get(i, k)) * (transB ? b.get(j, k) : b.get(k, j));
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    @Test
    void productsEqualTheTextbookLoopBitForBitSmallAndLarge() {
        for (int[] shape : new int[][] {{1, 1, 1}, {3, 5, 2}, {17, 33, 9}, {130, 200, 70}}) {
            int n = shape[0];
            int k = shape[1];
            int m = shape[2];
            Matrix a = random(n, k, 1);
            Matrix b = random(k, m, 2);
            Matrix c = new Matrix(0, 0);
            MatrixOps.mult(a, b, c);
            assertThat(c.data()).containsExactly(naive(a, b, false, false).data());

            Matrix at = random(k, n, 3);
            MatrixOps.multTransA(at, b, c);
            assertThat(c.data()).containsExactly(naive(at, b, true, false).data());

            Matrix bt = random(m, k, 4);
            MatrixOps.multTransB(a, bt, c, new Matrix(0, 0));
            assertThat(c.data()).containsExactly(naive(a, bt, false, true).data());
        }
    }

    @Test
    void scalarAndVectorKernelsGiveTheSameBits() {
        for (int[] shape : new int[][] {{1, 1, 1}, {5, 7, 3}, {9, 40, 53}, {64, 64, 64}}) {
            Matrix a = random(shape[0], shape[1], 7);
            Matrix b = random(shape[1], shape[2], 8);
            double[] scalar = new double[shape[0] * shape[2]];
            double[] best = new double[shape[0] * shape[2]];
            new ScalarGemmKernel().multiply(a.data(), shape[1], 1, b.data(), scalar, shape[1], shape[2], 0, shape[0]);
            GemmKernel.best().multiply(a.data(), shape[1], 1, b.data(), best, shape[1], shape[2], 0, shape[0]);
            assertThat(best).containsExactly(scalar);
        }
        assertThat(MatrixOps.kernel()).isEqualTo("vector");
    }

    @Test
    void threadsChangeNoBits() {
        Matrix a = random(300, 400, 5);
        Matrix b = random(400, 200, 6);
        Matrix parallel = new Matrix(0, 0);
        Matrix serial = new Matrix(0, 0);
        MatrixOps.mult(a, b, parallel);
        Parallel.enabled = false;
        MatrixOps.mult(a, b, serial);
        assertThat(parallel.data()).containsExactly(serial.data());
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
    }

    @Test
    void rowVectorsAndColumnSums() {
        Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        MatrixOps.addRowVector(a, new double[] {10, 20});
        assertThat(a.toArray()).isEqualTo(new double[][] {{11, 22}, {13, 24}});
        double[] sums = new double[2];
        MatrixOps.sumColumns(a, sums);
        assertThat(sums).containsExactly(24, 46);
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
