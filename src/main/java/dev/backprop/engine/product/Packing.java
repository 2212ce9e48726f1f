package dev.backprop.engine.product;

/**
 * Copies of A' and B' in the order a micro-kernel reads them: micro-panels of a tile's rows (A) or
 * columns (B), k-major, contiguous, zero-padded past the product's edge. Transposed operands cost
 * nothing extra: the copies read them through their strides.
 */
final class Packing {

    private Packing() {
    }

    /**
     * Rows {@code [ic, ic + mc)} and k {@code [pc, pc + kc)} of A' as micro-panels of {@code mr} rows:
     * panel i holds, for each k, its mr values together; rows past the end are zeros.
     */
    static void packA(Product p, int ic, int mc, int pc, int kc, int mr, double[] ap) {
        packA(p, ic, mc, pc, kc, mr, ap, 0);
    }

    /** As {@link #packA(Product, int, int, int, int, int, double[])}, into {@code ap} from {@code at}. */
    static void packA(Product p, int ic, int mc, int pc, int kc, int mr, double[] ap, int at) {
        double[] a = p.a();
        int aRow = p.aRow();
        int aK = p.aK();
        for (int ir = 0; ir < mc; ir += mr) {
            int rows = Math.min(mr, mc - ir);
            int src = (ic + ir) * aRow + pc * aK;
            int dst = at + ir * kc;
            for (int q = 0; q < kc; q++, src += aK, dst += mr) {
                for (int r = 0; r < rows; r++) {
                    ap[dst + r] = a[src + r * aRow];
                }
                for (int r = rows; r < mr; r++) {
                    ap[dst + r] = 0.0;
                }
            }
        }
    }

    /**
     * k {@code [pc, pc + kc)} and columns {@code [jc, jc + nc)} of B' as micro-panels of {@code nr}
     * columns: panel j holds, for each k, its nr values together; columns past the end are zeros.
     */
    static void packB(Product p, int pc, int kc, int jc, int nc, int nr, double[] bp) {
        for (int jr = 0; jr < nc; jr += nr) {
            packBPanel(p, pc, kc, jc + jr, Math.min(nr, nc - jr), nr, bp, jr * kc);
        }
    }

    /** One micro-panel of B': k {@code [pc, pc + kc)}, columns {@code [j0, j0 + cols)}, zero-padded to nr, at {@code base}. */
    static void packBPanel(Product p, int pc, int kc, int j0, int cols, int nr, double[] bp, int base) {
        double[] b = p.b();
        int bK = p.bK();
        int bCol = p.bCol();
        if (bCol == 1) {
            for (int q = 0, src = pc * bK + j0, dst = base; q < kc; q++, src += bK, dst += nr) {
                for (int j = 0; j < cols; j++) {
                    bp[dst + j] = b[src + j];
                }
                for (int j = cols; j < nr; j++) {
                    bp[dst + j] = 0.0;
                }
            }
            return;
        }
        // B' is a transpose: each of its columns is contiguous in k
        for (int j = 0; j < nr; j++) {
            if (j < cols) {
                for (int q = 0, src = (j0 + j) * bCol + pc * bK; q < kc; q++, src += bK) {
                    bp[base + q * nr + j] = b[src];
                }
            } else {
                for (int q = 0; q < kc; q++) {
                    bp[base + q * nr + j] = 0.0;
                }
            }
        }
    }
}
