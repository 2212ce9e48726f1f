package dev.backprop.engine;


/**
 * Stateless dense kernels. Each writes into an explicit output, checks shapes first, and refuses an
 * output that aliases an input. Products go through a {@link GemmKernel}; large ones split C across
 * the cores along its longer side (deterministically: see {@link Parallel}).
 */
public final class MatrixOps {

    private MatrixOps() {
    }

    /** The Vector API kernel when the JVM has it (run with --add-modules jdk.incubator.vector), else scalar. */
    private static final GemmKernel KERNEL = GemmKernel.best();

    /** Below this many multiply-adds packing costs more than it saves: the unpacked loop takes it (same bits). */
    static final long MIN_PACKED_WORK = 1 << 14;

    private static final GemmKernel SMALL = new ScalarGemmKernel();

    /** Which product kernel this JVM runs, e.g. "vector 256-bit, 6 x 8 tiles" or "scalar". */
    public static String kernel() {
        return KERNEL.describe();
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
        run(new GemmKernel.Product(a.data(), a.cols(), 1, b.data(), b.cols(), 1, c.data(), bias, a.rows(), b.cols(),
                a.cols()));
    }

    /** {@code c = aᵀ * b} without forming aᵀ. Modifies {@code c}. */
    public static void multTransA(Matrix a, Matrix b, Matrix c) {
        multTransA(a, b, c, null);
    }

    /**
     * {@code c = aᵀ * b} and, when {@code bSums} is not null, {@code bSums[j] = Σ_i b[i][j]} as
     * {@link #sumColumns} gives it: a layer's weight and bias gradients. A small product of at most four
     * columns sums b beside its first pass over it. Modifies {@code c} and {@code bSums}.
     */
    public static void multTransA(Matrix a, Matrix b, Matrix c, double[] bSums) {
        checkProduct(a.cols(), a.rows(), b.rows(), b.cols(), c, a, b);
        if (bSums != null && bSums.length != b.cols()) {
            throw new IllegalArgumentException("bSums has " + bSums.length + " values, b has " + b.cols() + " columns");
        }
        GemmKernel.Product p = new GemmKernel.Product(a.data(), 1, a.cols(), b.data(), b.cols(), 1, c.data(), null,
                a.cols(), b.cols(), a.rows());
        if (bSums != null && p.m() > 0 && p.k() > 0 && p.n() > 0 && p.n() <= ScalarGemmKernel.NARROW
                && (long) p.m() * p.n() * p.k() < MIN_PACKED_WORK) {
            ScalarGemmKernel.narrow(p, 0, p.m(), 0, p.n(), bSums);
            return;
        }
        run(p);
        if (bSums != null) {
            sumColumns(b, bSums);
        }
    }

    /** {@code c = a * bᵀ} without forming bᵀ. Modifies {@code c}. */
    public static void multTransB(Matrix a, Matrix b, Matrix c) {
        checkProduct(a.rows(), a.cols(), b.cols(), b.rows(), c, a, b);
        run(new GemmKernel.Product(a.data(), a.cols(), 1, b.data(), 1, b.cols(), c.data(), null, a.rows(), b.rows(),
                a.cols()));
    }

    /**
     * Splits C across the cores along its longer side, in whole tiles of the kernel; small products
     * run on the calling thread. Each element is computed whole by one thread, so the split changes
     * no bits.
     */
    private static void run(GemmKernel.Product p) {
        int m = p.m();
        int n = p.n();
        long work = (long) m * n * p.k();
        if (work < MIN_PACKED_WORK) {
            SMALL.multiply(p, 0, m, 0, n);
            return;
        }
        if (m >= n) {
            int tile = KERNEL.rowTile();
            Parallel.forRange((m + tile - 1) / tile, work,
                    (from, to) -> KERNEL.multiply(p, from * tile, Math.min(m, to * tile), 0, n));
        } else {
            int tile = KERNEL.columnTile();
            Parallel.forRange((n + tile - 1) / tile, work,
                    (from, to) -> KERNEL.multiply(p, 0, m, from * tile, Math.min(n, to * tile)));
        }
    }

    /** {@code out[j] = Σ_i a[i][j]}. Modifies {@code out}. */
    public static void sumColumns(Matrix a, double[] out) {
        int m = a.cols();
        if (out.length != m) {
            throw new IllegalArgumentException("out has " + out.length + " values, matrix has " + m + " columns");
        }
        double[] ad = a.data();
        if (m <= 4) {
            // a few columns: their sums in registers, one pass over the rows (columns past m read column 0)
            int o1 = m > 1 ? 1 : 0;
            int o2 = m > 2 ? 2 : 0;
            int o3 = m > 3 ? 3 : 0;
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            for (int i = 0, end = a.rows() * m; i < end; i += m) {
                s0 += ad[i];
                s1 += ad[i + o1];
                s2 += ad[i + o2];
                s3 += ad[i + o3];
            }
            if (m > 0) {
                out[0] = s0;
            }
            if (m > 1) {
                out[1] = s1;
            }
            if (m > 2) {
                out[2] = s2;
            }
            if (m > 3) {
                out[3] = s3;
            }
            return;
        }
        KERNEL.sumColumns(ad, a.rows(), m, out);
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
