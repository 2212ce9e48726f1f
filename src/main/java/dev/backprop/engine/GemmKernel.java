package dev.backprop.engine;

import java.util.Arrays;

/**
 * The product kernel behind {@link MatrixOps}: {@code C = A' B' (+ bias)}, where A' (m x k) and
 * B' (k x n) are read through strides, so one kernel serves {@code A B}, {@code Aᵀ B} and
 * {@code A Bᵀ} without transposed copies. Every element of C is one sum
 * {@code s = fma(a[k], b[k], s)} over k = 0, 1, ..., K-1 in that order, starting from 0, with the
 * bias added to the finished sum: every kernel (scalar, and vector at any width), every tiling and
 * every split across threads gives the same bits.
 */
interface GemmKernel {

    /**
     * The operands of one product. Element (i, p) of A' is {@code a[i * aRow + p * aK]}; element
     * (p, j) of B' is {@code b[p * bK + j * bCol]}; C is m x n row-major; bias is null or n values.
     */
    record Product(double[] a, int aRow, int aK, double[] b, int bK, int bCol, double[] c, double[] bias,
            int m, int n, int k) {
    }

    /** Computes the block {@code [r0, r1) x [c0, c1)} of C, overwriting it. */
    void multiply(Product p, int r0, int r1, int c0, int c1);

    /**
     * {@code out[j] = Σ_i a[i * cols + j]} over {@code rows} rows, each column summed from 0.0 in row order
     * with plain adds, so every kernel gives the same bits.
     */
    default void sumColumns(double[] a, int rows, int cols, double[] out) {
        Arrays.fill(out, 0, cols, 0.0);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += a[row + j];
            }
        }
    }

    /** Rows of C a kernel computes together: splits across threads fall on multiples of it. */
    int rowTile();

    /** Columns of C a kernel computes together. */
    int columnTile();

    /** A short description for benchmarks and logs, e.g. "vector 512-bit, 6 x 32 tiles". */
    String describe();

    /**
     * The kernel this JVM runs: the Vector API at the width {@code backprop.engine.simd} names
     * ({@code 128}, {@code 256}, {@code 512}, or {@code scalar}; by default the CPU's preferred
     * width), or the scalar kernel when the module {@code jdk.incubator.vector} is absent.
     */
    static GemmKernel best() {
        if (Simd.vectorized()) {
            try {
                return (GemmKernel) Class.forName("dev.backprop.engine.VectorGemmKernel")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarGemmKernel();
            }
        }
        return new ScalarGemmKernel();
    }
}
