package dev.backprop.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel: tiles of 4 rows x 3 vectors of C stay in registers while k runs over the
 * whole inner dimension, so each step loads 3 vectors of B and 4 scalars of A for 12
 * multiply-adds. Edge rows and columns use narrower tiles and a scalar tail, all summing k in
 * order, so results match {@link ScalarGemmKernel} bit for bit.
 */
final class VectorGemmKernel implements GemmKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final boolean WIDE = L >= 8;

    /**
     * Column panels outer, row tiles inner: one panel of B (K x 3 vectors) stays in L2 while every
     * row tile of this thread's range passes over it.
     */
    @Override
    public void multiply(double[] a, int aRow, int aK, double[] b, double[] c, int inner, int m, int r0, int r1) {
        int j = 0;
        // with 32 vector registers (8 lanes, AVX-512) a 4 x 4-vector tile fits: 16 accumulators
        for (; WIDE && j + 4 * L <= m; j += 4 * L) {
            int r = r0;
            if (r + 4 <= r1) {
                double[] panel = pack(b, inner, m, j, 4 * L);
                for (; r + 4 <= r1; r += 4) {
                    tile4x4(a, aRow, aK, panel, c, inner, m, r, j);
                }
            }
            for (; r < r1; r++) {
                for (int v = 0; v < 4; v++) {
                    tile1x1(a, aRow, aK, b, c, inner, m, r, j + v * L);
                }
            }
        }
        for (; j + 3 * L <= m; j += 3 * L) {
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                tile4x3(a, aRow, aK, b, c, inner, m, r, j);
            }
            for (; r < r1; r++) {
                for (int v = 0; v < 3; v++) {
                    tile1x1(a, aRow, aK, b, c, inner, m, r, j + v * L);
                }
            }
        }
        for (; j + L <= m; j += L) {
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                tile4x1(a, aRow, aK, b, c, inner, m, r, j);
            }
            for (; r < r1; r++) {
                tile1x1(a, aRow, aK, b, c, inner, m, r, j);
            }
        }
        for (; j < m; j++) {
            for (int r = r0; r < r1; r++) {
                double s = 0;
                for (int k = 0, ka = r * aRow, kb = j; k < inner; k++, ka += aK, kb += m) {
                    s += a[ka] * b[kb];
                }
                c[r * m + j] = s;
            }
        }
    }

    private static void tile4x3(double[] a, int aRow, int aK, double[] b, double[] c, int inner, int m, int r, int j) {
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00;
        for (int k = 0, ka = 0, kb = j; k < inner; k++, ka += aK, kb += m) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, kb);
            DoubleVector b1 = DoubleVector.fromArray(S, b, kb + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, kb + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + ka]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            c02 = c02.add(x.mul(b2));
            x = DoubleVector.broadcast(S, a[a1 + ka]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            c12 = c12.add(x.mul(b2));
            x = DoubleVector.broadcast(S, a[a2 + ka]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            c22 = c22.add(x.mul(b2));
            x = DoubleVector.broadcast(S, a[a3 + ka]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
            c32 = c32.add(x.mul(b2));
        }
        int o = r * m + j;
        c00.intoArray(c, o);
        c01.intoArray(c, o + L);
        c02.intoArray(c, o + 2 * L);
        c10.intoArray(c, o + m);
        c11.intoArray(c, o + m + L);
        c12.intoArray(c, o + m + 2 * L);
        c20.intoArray(c, o + 2 * m);
        c21.intoArray(c, o + 2 * m + L);
        c22.intoArray(c, o + 2 * m + 2 * L);
        c30.intoArray(c, o + 3 * m);
        c31.intoArray(c, o + 3 * m + L);
        c32.intoArray(c, o + 3 * m + 2 * L);
    }

    private static final ThreadLocal<double[]> PANEL = ThreadLocal.withInitial(() -> new double[0]);

    /**
     * Copies columns {@code [j, j + width)} of B into a contiguous K x width panel (per thread), so
     * the tile streams it with unit stride instead of jumping a whole row of B per k.
     */
    private static double[] pack(double[] b, int inner, int m, int j, int width) {
        double[] panel = PANEL.get();
        if (panel.length < inner * width) {
            panel = new double[inner * width];
            PANEL.set(panel);
        }
        for (int k = 0; k < inner; k++) {
            System.arraycopy(b, k * m + j, panel, k * width, width);
        }
        return panel;
    }

    /** A 4 x 4-vector tile of C from a packed panel (see {@link #pack}). */
    private static void tile4x4(double[] a, int aRow, int aK, double[] panel, double[] c, int inner, int m, int r,
            int j) {
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        DoubleVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        DoubleVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        DoubleVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int k = 0, ka = 0, kb = 0; k < inner; k++, ka += aK, kb += 4 * L) {
            DoubleVector b0 = DoubleVector.fromArray(S, panel, kb);
            DoubleVector b1 = DoubleVector.fromArray(S, panel, kb + L);
            DoubleVector b2 = DoubleVector.fromArray(S, panel, kb + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, panel, kb + 3 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[a0 + ka]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            c02 = c02.add(x.mul(b2));
            c03 = c03.add(x.mul(b3));
            x = DoubleVector.broadcast(S, a[a1 + ka]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            c12 = c12.add(x.mul(b2));
            c13 = c13.add(x.mul(b3));
            x = DoubleVector.broadcast(S, a[a2 + ka]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            c22 = c22.add(x.mul(b2));
            c23 = c23.add(x.mul(b3));
            x = DoubleVector.broadcast(S, a[a3 + ka]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
            c32 = c32.add(x.mul(b2));
            c33 = c33.add(x.mul(b3));
        }
        int o = r * m + j;
        c00.intoArray(c, o);
        c01.intoArray(c, o + L);
        c02.intoArray(c, o + 2 * L);
        c03.intoArray(c, o + 3 * L);
        o += m;
        c10.intoArray(c, o);
        c11.intoArray(c, o + L);
        c12.intoArray(c, o + 2 * L);
        c13.intoArray(c, o + 3 * L);
        o += m;
        c20.intoArray(c, o);
        c21.intoArray(c, o + L);
        c22.intoArray(c, o + 2 * L);
        c23.intoArray(c, o + 3 * L);
        o += m;
        c30.intoArray(c, o);
        c31.intoArray(c, o + L);
        c32.intoArray(c, o + 2 * L);
        c33.intoArray(c, o + 3 * L);
    }

    private static void tile4x1(double[] a, int aRow, int aK, double[] b, double[] c, int inner, int m, int r, int j) {
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int k = 0, ka = 0, kb = j; k < inner; k++, ka += aK, kb += m) {
            DoubleVector bv = DoubleVector.fromArray(S, b, kb);
            c0 = c0.add(DoubleVector.broadcast(S, a[a0 + ka]).mul(bv));
            c1 = c1.add(DoubleVector.broadcast(S, a[a1 + ka]).mul(bv));
            c2 = c2.add(DoubleVector.broadcast(S, a[a2 + ka]).mul(bv));
            c3 = c3.add(DoubleVector.broadcast(S, a[a3 + ka]).mul(bv));
        }
        int o = r * m + j;
        c0.intoArray(c, o);
        c1.intoArray(c, o + m);
        c2.intoArray(c, o + 2 * m);
        c3.intoArray(c, o + 3 * m);
    }

    private static void tile1x1(double[] a, int aRow, int aK, double[] b, double[] c, int inner, int m, int r, int j) {
        int a0 = r * aRow;
        DoubleVector c0 = DoubleVector.zero(S);
        for (int k = 0, ka = 0, kb = j; k < inner; k++, ka += aK, kb += m) {
            c0 = c0.add(DoubleVector.broadcast(S, a[a0 + ka]).mul(DoubleVector.fromArray(S, b, kb)));
        }
        c0.intoArray(c, r * m + j);
    }
}
