package dev.backprop.engine;

import dev.backprop.engine.product.Gemm;
import dev.backprop.engine.product.Product;

/**
 * Stateless dense kernels. Each writes into an explicit output, checks shapes first, and refuses an
 * output that aliases an input. Products go through {@link Gemm}, which chooses their path and splits
 * large ones across the cores (deterministically: see {@link Parallel}).
 */
public final class MatrixOps {

    private MatrixOps() {
    }

    /** Which product kernels this JVM runs, e.g. "vector 256-bit, 5 x 8 tiles" or "scalar". */
    public static String kernel() {
        return Gemm.describe();
    }

    /** {@code c = a * b}. Modifies {@code c}. */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        multAddRow(a, b, null, c);
    }

    /**
     * {@code c = a * b + bias} with {@code bias} added to every row (none when null), in the product's
     * write-out. Modifies {@code c}.
     */
    public static void multAddRow(Matrix a, Matrix b, double[] bias, Matrix c) {
        checkProduct(a.rows(), a.cols(), b.rows(), b.cols(), c, a, b);
        checkBias(bias, b.cols());
        Gemm.multiply(Product.of(a.data(), b.data(), c.data(), bias, a.rows(), b.cols(), a.cols()));
    }

    /** {@code c = aᵀ * b} without forming aᵀ. Modifies {@code c}. */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        multTransA(a, b, c, null);
    }

    /**
     * {@code c = aᵀ * b} and, when {@code bSums} is not null, {@code bSums[j] = Σ_i b[i][j]} as
     * {@link #sumColumns} gives it: a layer's weight and bias gradients. Modifies {@code c} and {@code bSums}.
     */
    public static void multTransA(Matrix a, Matrix b, Matrix c, double[] bSums) {
        checkProduct(a.cols(), a.rows(), b.rows(), b.cols(), c, a, b);
        if (bSums != null && bSums.length != b.cols()) {
            throw new IllegalArgumentException("bSums has " + bSums.length + " values, b has " + b.cols() + " columns");
        }
        Gemm.multiply(Product.transA(a.data(), b.data(), c.data(), a.cols(), b.cols(), a.rows()), bSums);
    }

    /** {@code c = a * bᵀ} without forming bᵀ. Modifies {@code c}. */
    public static void multTransB(Matrix a, Matrix b, Matrix c) {
        checkProduct(a.rows(), a.cols(), b.cols(), b.rows(), c, a, b);
        Gemm.multiply(Product.transB(a.data(), b.data(), c.data(), a.rows(), b.rows(), a.cols()));
    }

    /** {@code out[j] = Σ_i a[i][j]}. Modifies {@code out}. */
    public static void sumColumns(Matrix a, double[] out) {
        int m = a.cols();
        if (out.length != m) {
            throw new IllegalArgumentException("out has " + out.length + " values, matrix has " + m + " columns");
        }
        Gemm.sumColumns(a.data(), a.rows(), m, out);
    }

    private static void checkBias(double[] bias, int cols) {
        if (bias != null && bias.length != cols) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, product has " + cols + " columns");
        }
    }

    private static void checkProduct(int aRows, int aCols, int bRows, int bCols, Matrix c, Matrix a, Matrix b) {
        if (aCols != bRows) {
            throw new IllegalArgumentException("inner dimensions differ: " + aRows + " x " + aCols + " times "
                    + bRows + " x " + bCols);
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("the output must not alias an input");
        }
        c.reshape(aRows, bCols);
    }
}
