package dev.backprop.engine;

import java.util.Arrays;

/**
 * Stateless dense kernels. Each writes into an explicit output, checks shapes first, and refuses an
 * output that aliases an input. Inner loops walk rows of row-major arrays with unit stride so that C2
 * vectorizes them; large products split their output rows across cores (deterministically: see
 * {@link Parallel}).
 */
public final class MatrixOps {

    private MatrixOps() {
    }

    /** Vector API when the JVM has it (run with --add-modules jdk.incubator.vector), else scalar. */
    private static final GemmKernel KERNEL = GemmKernel.best();

    /** Which product kernel this JVM runs: "vector" or "scalar". */
    public static String kernel() {
        return KERNEL instanceof ScalarGemmKernel ? "scalar" : "vector";
    }

    /** {@code c = a * b}. Modifies {@code c}. */
    public static void mult(Matrix a, Matrix b, Matrix c) {
        checkProduct(a.rows(), a.cols(), b.rows(), b.cols(), c, a, b);
        int inner = a.cols();
        int m = b.cols();
        double[] ad = a.data();
        double[] bd = b.data();
        double[] cd = c.data();
        multiply(ad, inner, 1, bd, cd, inner, m, a.rows());
    }

    /** {@code c = aᵀ * b} without forming aᵀ. Modifies {@code c}. */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        checkProduct(a.cols(), a.rows(), b.rows(), b.cols(), c, a, b);
        int p = a.cols();
        multiply(a.data(), 1, p, b.data(), c.data(), a.rows(), b.cols(), p);
    }

    /** Splits the output rows into blocks of 4 (the kernel's tile) across the cores. */
    private static void multiply(double[] a, int aRow, int aK, double[] b, double[] c, int inner, int m, int rows) {
        int blocks = (rows + 3) / 4;
        Parallel.forRange(blocks, (long) rows * inner * m, (from, to) ->
                KERNEL.multiply(a, aRow, aK, b, c, inner, m, from * 4, Math.min(rows, to * 4)));
    }

    /**
     * {@code c = a * bᵀ}. Uses {@code scratch} (resized as needed) to hold bᵀ, so the product runs
     * with unit-stride inner loops. Modifies {@code c} and {@code scratch}.
     */
    public static void multTransB(Matrix a, Matrix b, Matrix c, Matrix scratch) {
        checkProduct(a.rows(), a.cols(), b.cols(), b.rows(), c, a, b);
        if (scratch == a || scratch == b || scratch == c) {
            throw new IllegalArgumentException("scratch must not alias an operand");
        }
        transpose(b, scratch);
        mult(a, scratch, c);
    }

    /** {@code out = aᵀ}. Modifies {@code out}. */
    public static void transpose(Matrix a, Matrix out) {
        if (out == a) {
            throw new IllegalArgumentException("transpose needs a separate output");
        }
        out.reshape(a.cols(), a.rows());
        int rows = a.rows();
        int cols = a.cols();
        double[] ad = a.data();
        double[] od = out.data();
        for (int r = 0; r < rows; r++) {
            int aRow = r * cols;
            for (int col = 0; col < cols; col++) {
                od[col * rows + r] = ad[aRow + col];
            }
        }
    }

    /** Adds {@code row} to every row of {@code c}. Modifies {@code c}. */
    public static void addRowVector(Matrix c, double[] row) {
        int m = c.cols();
        if (row.length != m) {
            throw new IllegalArgumentException("row has " + row.length + " values, matrix has " + m + " columns");
        }
        double[] cd = c.data();
        for (int i = 0, n = c.rows(); i < n; i++) {
            int cRow = i * m;
            for (int j = 0; j < m; j++) {
                cd[cRow + j] += row[j];
            }
        }
    }

    /** {@code out[j] = Σ_i a[i][j]}. Modifies {@code out}. */
    public static void sumColumns(Matrix a, double[] out) {
        int m = a.cols();
        if (out.length != m) {
            throw new IllegalArgumentException("out has " + out.length + " values, matrix has " + m + " columns");
        }
        Arrays.fill(out, 0.0);
        double[] ad = a.data();
        for (int i = 0, n = a.rows(); i < n; i++) {
            int aRow = i * m;
            for (int j = 0; j < m; j++) {
                out[j] += ad[aRow + j];
            }
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
