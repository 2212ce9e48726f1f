package dev.backprop.engine.product;

import dev.backprop.engine.Parallel;

/**
 * The product {@code C = A' B' (+ bias)}. Every element of C is one sum {@code s = fma(a[k], b[k], s)}
 * over k = 0, 1, ..., K-1 in that order, starting from 0, with the bias added to the finished sum: every
 * path, every tuning, every blocking and every split across threads gives the same bits.
 *
 * <p>This is the only place a path is chosen, from the product's shape and this JVM's {@link Tuning}:
 * <table>
 * <caption>Paths</caption>
 * <tr><th>path</th><th>when</th><th>how</th></tr>
 * <tr><td>{@link Path#SHALLOW}</td><td>fewer multiply-adds than {@code minPackedWork}, k and n at most 4</td>
 * <td>scalar, on the calling thread, all of B' in registers ({@link SmallLoops#shallow})</td></tr>
 * <tr><td>{@link Path#TWO_COLUMNS}</td><td>fewer multiply-adds than {@code minPackedWork}, n at most 2</td>
 * <td>scalar, on the calling thread, four rows' sums in registers ({@link SmallLoops#twoColumns})</td></tr>
 * <tr><td>{@link Path#NARROW}</td><td>fewer multiply-adds than {@code minPackedWork}, n at most 4</td>
 * <td>scalar, on the calling thread, two rows' sums in registers ({@link SmallLoops#narrow})</td></tr>
 * <tr><td>{@link Path#ROWS}</td><td>fewer multiply-adds than {@code minPackedWork}</td>
 * <td>scalar, on the calling thread, a row of C at a time ({@link SmallLoops#rows})</td></tr>
 * <tr><td>{@link Path#DOWN_ROWS}</td><td>skinny, the tuning has a down-rows kernel, at least a vector of
 * rows, and A' a transpose or small enough to copy</td><td>vectors down the rows of C, then the rows
 * past the last whole vector as {@link Path#SKINNY}</td></tr>
 * <tr><td>{@link Path#SKINNY}</td><td>at most {@code skinny.nr()} columns</td><td>the blocked loop with
 * the skinny blocking</td></tr>
 * <tr><td>{@link Path#BLOCKED}</td><td>otherwise</td><td>the blocked loop with the wide blocking</td></tr>
 * </table>
 * Large products split across the cores ({@link Parallel}) in whole tiles of their path: the blocked
 * and skinny ones along C's longer side, those down the rows by rows. Column sums are chosen here too:
 * a few columns in registers, more by the tuning's kernel.
 */
public final class Gemm {

    private Gemm() {
    }

    enum Path {
        SHALLOW, TWO_COLUMNS, NARROW, ROWS, DOWN_ROWS, SKINNY, BLOCKED;

        /**
         * (For the tests, which run every path on every shape it accepts.) Whether the path can compute
         * {@code p} with tuning {@code t}: the shallow and two-column loops
         * need a product that small, the skinny and down-rows paths a tuning that has their kernels.
         */
        boolean accepts(Tuning t, Product p) {
            return switch (this) {
                case SHALLOW -> p.k() <= SmallLoops.SHALLOW_K && p.n() <= SmallLoops.REGISTER_COLUMNS;
                case TWO_COLUMNS -> p.n() <= 2;
                case DOWN_ROWS -> t.down() != null && t.skinny() != null;
                case SKINNY -> t.skinny() != null;
                default -> true;
            };
        }
    }

    static final Tuning TUNING = Tuning.current();

    /** Which kernels this JVM runs, e.g. "vector 256-bit, 5 x 8 tiles" or "scalar". */
    public static String describe() {
        return TUNING.describe();
    }

    /** Computes C, overwriting it. */
    public static void multiply(Product p) {
        run(TUNING, p, choose(TUNING, p), null);
    }

    /**
     * Computes C and, when {@code sums} is not null, {@code sums[j] = Σ_q B'[q][j]}, each summed from 0.0
     * in q order with plain adds: a layer's weight gradient {@code xᵀ δ} and its bias gradient, the
     * column sums of δ. The two- and four-row register loops (NARROW, TWO_COLUMNS) sum beside their first
     * pass over k, whose fma chains hide the adds' latency; the other paths sum before the product.
     */
    public static void multiply(Product p, double[] sums) {
        if (sums != null && sums.length != p.n()) {
            throw new IllegalArgumentException("sums has " + sums.length + " values, the product has " + p.n() + " columns");
        }
        run(TUNING, p, choose(TUNING, p), sums);
    }

    /** {@code out[j] = Σ_i a[i * cols + j]} over {@code rows} rows, each column summed from 0.0 in row order. */
    public static void sumColumns(double[] a, int rows, int cols, double[] out) {
        sumColumns(TUNING, a, rows, cols, out);
    }

    /** Column sums of a row-major matrix: a few columns in registers, more by the tuning's kernel. */
    private static void sumColumns(Tuning t, double[] a, int rows, int cols, double[] out) {
        if (cols <= SmallLoops.REGISTER_COLUMNS) {
            SmallLoops.sumFew(a, rows, cols, out);
        } else {
            t.sums().sum(a, rows, cols, out);
        }
    }

    static Path choose(Tuning t, Product p) {
        if (p.work() < t.minPackedWork()) {
            if (p.n() > SmallLoops.REGISTER_COLUMNS) {
                return Path.ROWS;
            }
            if (p.k() <= SmallLoops.SHALLOW_K) {
                return Path.SHALLOW;
            }
            return p.n() <= 2 ? Path.TWO_COLUMNS : Path.NARROW;
        }
        if (t.skinny() == null || p.n() > t.skinny().nr()) {
            return Path.BLOCKED;
        }
        if (t.down() != null && p.m() >= t.down().rowTile() && (p.aRow() == 1 || (long) p.m() * p.k() <= t.downCopyLimit())) {
            return Path.DOWN_ROWS;
        }
        return Path.SKINNY;
    }

    /** Computes C by {@code path}, which must accept it (tests run every path on every shape it accepts). */
    static void run(Tuning t, Product p, Path path, double[] sums) {
        int m = p.m();
        int n = p.n();
        if (n == 0) {
            return;
        }
        if (sums != null && (m == 0 || p.k() == 0 || (path != Path.TWO_COLUMNS && path != Path.NARROW))) {
            sumColumns(t, p, sums);
            sums = null;
        }
        if (m == 0) {
            return;
        }
        if (p.k() == 0) {
            double[] c = p.c();
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    c[r * n + j] = p.bias() == null ? 0.0 : 0.0 + p.bias()[j];
                }
            }
            return;
        }
        switch (path) {
            case SHALLOW -> SmallLoops.shallow(p, 0, m);
            case TWO_COLUMNS -> SmallLoops.twoColumns(p, 0, m, sums);
            case NARROW -> SmallLoops.narrow(p, 0, m, sums);
            case ROWS -> SmallLoops.rows(p, 0, m, 0, n);
            case DOWN_ROWS -> {
                Blocking rest = t.skinny();
                int tile = t.down().rowTile();
                Parallel.forRange((m + tile - 1) / tile, p.work(), (from, to) -> {
                    int r0 = from * tile;
                    int r1 = Math.min(m, to * tile);
                    t.down().multiply(p, r0, r1);
                    int whole = r0 + (r1 - r0) / tile * tile;
                    if (whole < r1) {
                        BlockedLoop.multiply(rest, p, whole, r1, 0, n);
                    }
                });
            }
            case SKINNY -> blocked(t.skinny(), p);
            case BLOCKED -> blocked(t.wide(), p);
        }
    }

    /** {@code sums[j] = Σ_q B'[q][j]} in q order. */
    private static void sumColumns(Tuning t, Product p, double[] sums) {
        if (p.bCol() == 1 && p.bK() == p.n()) {
            sumColumns(t, p.b(), p.k(), p.n(), sums);
            return;
        }
        for (int j = 0; j < p.n(); j++) {
            double s = 0.0;
            for (int q = 0, bi = j * p.bCol(); q < p.k(); q++, bi += p.bK()) {
                s += p.b()[bi];
            }
            sums[j] = s;
        }
    }

    /** The blocked loop, split along C's longer side in whole tiles; each element computed whole by one thread. */
    private static void blocked(Blocking b, Product p) {
        int m = p.m();
        int n = p.n();
        if (m >= n) {
            int tile = b.mr();
            Parallel.forRange((m + tile - 1) / tile, p.work(),
                    (from, to) -> BlockedLoop.multiply(b, p, from * tile, Math.min(m, to * tile), 0, n));
        } else {
            int tile = b.nr();
            Parallel.forRange((n + tile - 1) / tile, p.work(),
                    (from, to) -> BlockedLoop.multiply(b, p, 0, m, from * tile, Math.min(n, to * tile)));
        }
    }
}
