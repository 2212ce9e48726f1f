package dev.backprop.engine.product;

import java.util.Arrays;

/**
 * The blocked loop of BLIS and GotoBLAS around one {@link MicroKernel}. For each block of {@code nc}
 * columns of C, k is cut into slices of {@code kc}; the slice of B' is packed into micro-panels, then
 * C is computed in blocks of {@code mc} rows, tile by tile. The next slice reloads each tile from C
 * and goes on in k order, so the result is the plain k-order fma sum whatever the blocking.
 *
 * <p>Two orders of the innermost loops, by which operand streams. A kernel that reads A packed (16
 * registers: A's few values per k are fewer than B's) packs the block of A whole and passes each
 * micro-panel of B, kept in L1, over all of its micro-panels, which stream from L2. A kernel that reads
 * A in place (32 registers) keeps a micro-panel of A's rows in L1 and walks the row of C tiles while
 * the packed block of B streams from L2; C is then read and written along its rows.
 *
 * <p>Edges are handled in one place, {@link #edge}: a block's last rows take the blocking's short-rows
 * kernel when it has one; any other partial tile runs the kernel on a scratch tile (from panels
 * zero-padded past the product's edge) and copies back only its real rows and columns.
 */
final class BlockedLoop {

    private BlockedLoop() {
    }

    private static final class Buffers {
        double[] a = new double[0];
        double[] b = new double[0];
        double[] tile = new double[0];
        double[] bias = new double[0];

        static double[] grow(double[] array, int size) {
            return array.length < size ? new double[size] : array;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Computes the block {@code [r0, r1) x [c0, c1)} of C (k at least 1), overwriting it. */
    static void multiply(Blocking blocking, Product p, int r0, int r1, int c0, int c1) {
        MicroKernel kernel = blocking.kernel();
        int mr = blocking.mr();
        int nr = blocking.nr();
        int k = p.k();
        Buffers buffers = BUFFERS.get();
        buffers.tile = Buffers.grow(buffers.tile, mr * nr);
        buffers.bias = Buffers.grow(buffers.bias, nr);
        for (int jc = c0; jc < c1; jc += blocking.nc()) {
            int nc = Math.min(blocking.nc(), c1 - jc);
            for (int pc = 0; pc < k; pc += blocking.kc()) {
                int kc = Math.min(blocking.kc(), k - pc);
                double[] bp = buffers.b = Buffers.grow(buffers.b, (nc + nr - 1) / nr * nr * kc);
                kernel.packB(p, pc, kc, jc, nc, bp);
                boolean first = pc == 0;
                double[] bias = pc + kc == k ? p.bias() : null;
                for (int ic = r0; ic < r1; ic += blocking.mc()) {
                    int mc = Math.min(blocking.mc(), r1 - ic);
                    if (kernel.packedA()) {
                        packedBlock(buffers, blocking, p, ic, mc, pc, kc, jc, nc, bp, first, bias);
                    } else {
                        inPlaceBlock(buffers, blocking, p, ic, mc, pc, kc, jc, nc, bp, first, bias);
                    }
                }
            }
        }
    }

    /**
     * Rows {@code [ic, ic + mc)} of C with A's block packed: each micro-panel of B, in L1, passes over all
     * of A's micro-panels, which stream from L2.
     */
    private static void packedBlock(Buffers buffers, Blocking blocking, Product p, int ic, int mc, int pc, int kc,
            int jc, int nc, double[] bp, boolean first, double[] bias) {
        MicroKernel kernel = blocking.kernel();
        int mr = blocking.mr();
        int nr = blocking.nr();
        int n = p.n();
        double[] c = p.c();
        double[] ap = buffers.a = Buffers.grow(buffers.a, (mc + mr - 1) / mr * mr * kc);
        kernel.packA(p, ic, mc, pc, kc, ap);
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr) {
                int rows = Math.min(mr, mc - ir);
                int co = (ic + ir) * n + jc + jr;
                if (rows == mr && cols == nr) {
                    kernel.tile(ap, ir * kc, 1, mr, bp, jr * kc, kc, c, co, n, first, bias, jc + jr);
                } else {
                    edge(buffers, blocking, ap, ir * kc, 1, mr, bp, jr * kc, kc, c, co, n, rows, cols, first, bias,
                            jc + jr);
                }
            }
        }
    }

    /** Rows {@code [ic, ic + mc)} of C with A read in place: a micro-panel of A's rows, in L1, walks the row of C tiles. */
    private static void inPlaceBlock(Buffers buffers, Blocking blocking, Product p, int ic, int mc, int pc, int kc,
            int jc, int nc, double[] bp, boolean first, double[] bias) {
        MicroKernel kernel = blocking.kernel();
        int mr = blocking.mr();
        int nr = blocking.nr();
        int n = p.n();
        double[] c = p.c();
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            double[] a = p.a();
            int ao = (ic + ir) * p.aRow() + pc * p.aK();
            int aRow = p.aRow();
            int aK = p.aK();
            if (rows < mr) {
                // the kernel reads mr rows: a partial panel is packed with zero rows
                a = buffers.a = Buffers.grow(buffers.a, mr * kc);
                Packing.packA(p, ic + ir, rows, pc, kc, mr, a);
                ao = 0;
                aRow = 1;
                aK = mr;
            }
            for (int jr = 0; jr < nc; jr += nr) {
                int cols = Math.min(nr, nc - jr);
                int co = (ic + ir) * n + jc + jr;
                if (rows == mr && cols == nr) {
                    kernel.tile(a, ao, aRow, aK, bp, jr * kc, kc, c, co, n, first, bias, jc + jr);
                } else {
                    edge(buffers, blocking, a, ao, aRow, aK, bp, jr * kc, kc, c, co, n, rows, cols, first, bias, jc + jr);
                }
            }
        }
    }

    /**
     * A partial tile of C, every edge in one place: a block's last rows in tiles of the short-rows
     * kernel when it has one, any other partial tile on a scratch tile. Whole tiles call the kernel from
     * the loops themselves: behind a further call, the small tiles of 16 registers ran measurably slower.
     */
    private static void edge(Buffers buffers, Blocking blocking, double[] a, int ao, int aRow, int aK, double[] bp,
            int bo, int kc, double[] c, int co, int ldc, int rows, int cols, boolean first, double[] bias, int bj) {
        MicroKernel shortRows = blocking.shortRows();
        if (rows < blocking.mr() && cols == blocking.nr() && shortRows != null
                && rows <= blocking.mr() - shortRows.rows()) {
            for (int i = 0; i < rows; i += shortRows.rows()) {
                tile(buffers, shortRows, a, ao + i * aRow, aRow, aK, bp, bo, kc, c, co + i * ldc, ldc,
                        Math.min(shortRows.rows(), rows - i), cols, first, bias, bj);
            }
            return;
        }
        tile(buffers, blocking.kernel(), a, ao, aRow, aK, bp, bo, kc, c, co, ldc, rows, cols, first, bias, bj);
    }

    /** One tile of {@code kernel}: whole, straight into C; partial, on a scratch tile of which only the real part is copied. */
    private static void tile(Buffers buffers, MicroKernel kernel, double[] a, int ao, int aRow, int aK, double[] bp,
            int bo, int kc, double[] c, int co, int ldc, int rows, int cols, boolean first, double[] bias, int bj) {
        int nr = kernel.columns();
        if (rows == kernel.rows() && cols == nr) {
            kernel.tile(a, ao, aRow, aK, bp, bo, kc, c, co, ldc, first, bias, bj);
            return;
        }
        double[] tile = buffers.tile;
        Arrays.fill(tile, 0, kernel.rows() * nr, 0.0);
        if (!first) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, co + r * ldc, tile, r * nr, cols);
            }
        }
        double[] tileBias = null;
        if (bias != null) {
            tileBias = buffers.bias;
            Arrays.fill(tileBias, 0, nr, 0.0);
            System.arraycopy(bias, bj, tileBias, 0, cols);
        }
        kernel.tile(a, ao, aRow, aK, bp, bo, kc, tile, 0, nr, first, tileBias, 0);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * nr, c, co + r * ldc, cols);
        }
    }
}
