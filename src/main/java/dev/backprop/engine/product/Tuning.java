package dev.backprop.engine.product;

import dev.backprop.engine.Simd;

/**
 * Every constant of the product for one class of CPU (scalar, or vectors of 128, 256 or 512 bits), as
 * BLIS keeps one context per architecture: the blockings of the wide and skinny paths with their
 * micro-kernels, the kernel that computes skinny products down their rows where the width has one,
 * and the thresholds {@link Gemm} chooses paths by. Products at most {@code skinny.nr()} columns wide
 * are skinny.
 *
 * @param minPackedWork below this many multiply-adds packing costs more than it saves: the small loops
 * @param downCopyLimit a row-major A' is copied transposed for {@code down} only up to this many values (L1)
 */
record Tuning(String name, int lanes, long minPackedWork, Blocking wide, Blocking skinny, RowKernel down,
        int downCopyLimit, ColumnSums sums) {

    /** Skinny products pack up to this much of k at once: all of it for the weight gradients of most batches. */
    static final int SKINNY_KC = 8192;

    /** Computes whole vectors of rows {@code [r0, r1)} of a product over all of k. */
    interface RowKernel {

        /** Rows a call computes together: splits across threads fall on multiples of it. */
        int rowTile();

        /** Computes the whole vectors of rows from {@code r0} within {@code r1}; the rows past the last are left. */
        void multiply(Product p, int r0, int r1);
    }

    /** {@code out[j] = Σ_i a[i * cols + j]}, each column summed from 0.0 in row order. */
    interface ColumnSums {
        void sum(double[] a, int rows, int cols, double[] out);
    }

    /**
     * The tuning of this JVM: the Vector API's at the width {@value Simd#PROPERTY} names (by default the
     * CPU's preferred one), or the scalar one when the module {@code jdk.incubator.vector} is absent or
     * {@code scalar} was asked for.
     */
    static Tuning current() {
        if (Simd.vectorized()) {
            try {
                return (Tuning) Class.forName("dev.backprop.engine.product.VectorKernels").getDeclaredMethod("tuning")
                        .invoke(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                return scalar();
            }
        }
        return scalar();
    }

    /** Scalar 2 x 4 tiles for every product past the small loops; no skinny tiles and no down-rows kernel. */
    static Tuning scalar() {
        return new Tuning("scalar", 1, 1 << 14, new Blocking(new ScalarTile(), 256, 64, 256), null, null, 0,
                Tuning::sumRows);
    }

    /** Column sums with plain adds, a row at a time. */
    static void sumRows(double[] a, int rows, int cols, double[] out) {
        java.util.Arrays.fill(out, 0, cols, 0.0);
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += a[row + j];
            }
        }
    }

    /** For benchmarks and logs, e.g. "vector 512-bit, 6 x 32 tiles" or "scalar". */
    String describe() {
        return lanes == 1 ? name : name + ", " + wide.mr() + " x " + wide.nr() + " tiles";
    }
}
