package dev.backprop.engine.product;

import dev.backprop.engine.SimdSpecies;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API's kernels, at the width {@link SimdSpecies} chose, and the tunings that use them.
 * Loaded only when the JVM has the Vector API ({@link Tuning#current()} reaches it by name).
 *
 * <p>Tile shapes follow the registers: with 8 lanes (AVX-512, 32 registers) 6 rows x 4 vectors, 24
 * accumulators, A read in place; with 4 lanes (AVX2, 16 registers) or 2, 5 rows x 2 vectors, 10
 * accumulators, A packed. Products at most a few vectors wide (the outputs of ten classes, say) take
 * skinny tiles that waste fewer lanes on padding - 6 rows x 2 vectors with 8 lanes, 3 rows x 3 vectors
 * with 16 registers - or, with 8 lanes, {@link DownRows}.
 */
final class VectorKernels {

    private static final VectorSpecies<Double> S = SimdSpecies.DOUBLE;
    private static final int L = S.length();

    private VectorKernels() {
    }

    /** The tuning for this JVM's vector width: called by name from {@link Tuning#current()}. */
    static Tuning tuning() {
        String name = "vector " + S.vectorBitSize() + "-bit";
        if (L >= 8) {
            MicroKernel wide = new Wide6x4();
            return new Tuning(name, L, 1 << 14, new Blocking(wide, new Wide2x4(), 256, 16 * wide.rows(), 16 * wide.columns()),
                    new Blocking(new Skinny6x2(), Tuning.SKINNY_KC, 16 * 6, 2 * L), new DownRows(), 4096,
                    VectorKernels::sumColumns);
        }
        MicroKernel wide = new Wide5x2();
        return new Tuning(name, L, 1 << 14, new Blocking(wide, 256, 32 * wide.rows(), 64 * wide.columns()),
                new Blocking(new Skinny3x3(), Tuning.SKINNY_KC, 32 * 3, 3 * L), null, 0, VectorKernels::sumColumns);
    }

    /** A micro-kernel on vectors: B's full panels of a row-major B' packed a vector at a time. */
    abstract static class VectorTile extends MicroKernel {

        VectorTile(int rows, int columns, boolean packedA) {
            super(rows, columns, packedA);
        }

        @Override
        final void packB(Product p, int pc, int kc, int jc, int nc, double[] bp) {
            int nr = columns();
            double[] b = p.b();
            int bK = p.bK();
            for (int jr = 0; jr < nc; jr += nr) {
                int cols = Math.min(nr, nc - jr);
                if (p.bCol() != 1 || cols < nr) {
                    Packing.packBPanel(p, pc, kc, jc + jr, cols, nr, bp, jr * kc);
                    continue;
                }
                // a vector at a time: a scalar loop of a panel's few values is not vectorized
                for (int q = 0, src = pc * bK + jc + jr, dst = jr * kc; q < kc; q++, src += bK, dst += nr) {
                    for (int v = 0; v < nr; v += L) {
                        DoubleVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
                    }
                }
            }
        }
    }

    /** A vector of columns at a time, its lanes summed down the rows: each column's adds in row order. */
    static void sumColumns(double[] a, int rows, int cols, double[] out) {
            int j = 0;
            for (; j + L <= cols; j += L) {
                DoubleVector s = DoubleVector.zero(S);
                for (int i = 0, o = j; i < rows; i++, o += cols) {
                    s = s.add(DoubleVector.fromArray(S, a, o));
                }
                s.intoArray(out, j);
            }
            for (; j < cols; j++) {
                double s = 0.0;
                for (int i = 0, o = j; i < rows; i++, o += cols) {
                    s += a[o];
                }
                out[j] = s;
            }
    }

    /**
     * 6 rows x 4 vectors: 24 accumulators, 4 loads of B and 6 broadcasts of A per k. With 32 registers A
     * is read in place through its strides, whether row-major or a transpose: the six values of a k step
     * are six loads from six rows (or six neighbours) that stay in L1 while the row of C tiles passes;
     * packing them first cost more than it saved.
     */
    static final class Wide6x4 extends VectorTile {

        private static final int NR = 4 * L;

        Wide6x4() {
            super(6, NR, false);
        }

        @Override
        void tile(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co, int ldc,
                boolean first, double[] bias, int bj) {
            int o0 = co;
            int o1 = o0 + ldc;
            int o2 = o1 + ldc;
            int o3 = o2 + ldc;
            int o4 = o3 + ldc;
            int o5 = o4 + ldc;
            DoubleVector c00, c01, c02, c03;
            DoubleVector c10, c11, c12, c13;
            DoubleVector c20, c21, c22, c23;
            DoubleVector c30, c31, c32, c33;
            DoubleVector c40, c41, c42, c43;
            DoubleVector c50, c51, c52, c53;
            if (first) {
                c00 = DoubleVector.zero(S);
                c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c00;
                c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c00;
                c41 = c42 = c43 = c50 = c51 = c52 = c53 = c00;
            } else {
                c00 = DoubleVector.fromArray(S, c, o0);
                c01 = DoubleVector.fromArray(S, c, o0 + L);
                c02 = DoubleVector.fromArray(S, c, o0 + 2 * L);
                c03 = DoubleVector.fromArray(S, c, o0 + 3 * L);
                c10 = DoubleVector.fromArray(S, c, o1);
                c11 = DoubleVector.fromArray(S, c, o1 + L);
                c12 = DoubleVector.fromArray(S, c, o1 + 2 * L);
                c13 = DoubleVector.fromArray(S, c, o1 + 3 * L);
                c20 = DoubleVector.fromArray(S, c, o2);
                c21 = DoubleVector.fromArray(S, c, o2 + L);
                c22 = DoubleVector.fromArray(S, c, o2 + 2 * L);
                c23 = DoubleVector.fromArray(S, c, o2 + 3 * L);
                c30 = DoubleVector.fromArray(S, c, o3);
                c31 = DoubleVector.fromArray(S, c, o3 + L);
                c32 = DoubleVector.fromArray(S, c, o3 + 2 * L);
                c33 = DoubleVector.fromArray(S, c, o3 + 3 * L);
                c40 = DoubleVector.fromArray(S, c, o4);
                c41 = DoubleVector.fromArray(S, c, o4 + L);
                c42 = DoubleVector.fromArray(S, c, o4 + 2 * L);
                c43 = DoubleVector.fromArray(S, c, o4 + 3 * L);
                c50 = DoubleVector.fromArray(S, c, o5);
                c51 = DoubleVector.fromArray(S, c, o5 + L);
                c52 = DoubleVector.fromArray(S, c, o5 + 2 * L);
                c53 = DoubleVector.fromArray(S, c, o5 + 3 * L);
            }
            for (int q = 0, ai = ao; q < kc; q++, ai += aK) {
                int bi = bo + q * NR;
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
                DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
                DoubleVector b3 = DoubleVector.fromArray(S, bp, bi + 3 * L);
                DoubleVector x = DoubleVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                c03 = x.fma(b3, c03);
                x = DoubleVector.broadcast(S, a[ai + 1 * aRow]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                c12 = x.fma(b2, c12);
                c13 = x.fma(b3, c13);
                x = DoubleVector.broadcast(S, a[ai + 2 * aRow]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                c22 = x.fma(b2, c22);
                c23 = x.fma(b3, c23);
                x = DoubleVector.broadcast(S, a[ai + 3 * aRow]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                c32 = x.fma(b2, c32);
                c33 = x.fma(b3, c33);
                x = DoubleVector.broadcast(S, a[ai + 4 * aRow]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                c42 = x.fma(b2, c42);
                c43 = x.fma(b3, c43);
                x = DoubleVector.broadcast(S, a[ai + 5 * aRow]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
                c52 = x.fma(b2, c52);
                c53 = x.fma(b3, c53);
            }
            if (bias != null) {
                DoubleVector v0 = DoubleVector.fromArray(S, bias, bj);
                DoubleVector v1 = DoubleVector.fromArray(S, bias, bj + L);
                DoubleVector v2 = DoubleVector.fromArray(S, bias, bj + 2 * L);
                DoubleVector v3 = DoubleVector.fromArray(S, bias, bj + 3 * L);
                c00 = c00.add(v0); c01 = c01.add(v1); c02 = c02.add(v2); c03 = c03.add(v3);
                c10 = c10.add(v0); c11 = c11.add(v1); c12 = c12.add(v2); c13 = c13.add(v3);
                c20 = c20.add(v0); c21 = c21.add(v1); c22 = c22.add(v2); c23 = c23.add(v3);
                c30 = c30.add(v0); c31 = c31.add(v1); c32 = c32.add(v2); c33 = c33.add(v3);
                c40 = c40.add(v0); c41 = c41.add(v1); c42 = c42.add(v2); c43 = c43.add(v3);
                c50 = c50.add(v0); c51 = c51.add(v1); c52 = c52.add(v2); c53 = c53.add(v3);
            }
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + L);
            c02.intoArray(c, o0 + 2 * L);
            c03.intoArray(c, o0 + 3 * L);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + L);
            c12.intoArray(c, o1 + 2 * L);
            c13.intoArray(c, o1 + 3 * L);
            c20.intoArray(c, o2);
            c21.intoArray(c, o2 + L);
            c22.intoArray(c, o2 + 2 * L);
            c23.intoArray(c, o2 + 3 * L);
            c30.intoArray(c, o3);
            c31.intoArray(c, o3 + L);
            c32.intoArray(c, o3 + 2 * L);
            c33.intoArray(c, o3 + 3 * L);
            c40.intoArray(c, o4);
            c41.intoArray(c, o4 + L);
            c42.intoArray(c, o4 + 2 * L);
            c43.intoArray(c, o4 + 3 * L);
            c50.intoArray(c, o5);
            c51.intoArray(c, o5 + L);
            c52.intoArray(c, o5 + 2 * L);
            c53.intoArray(c, o5 + 3 * L);
        }
    }

    /** 2 rows x 4 vectors: the short-rows kernel of {@link Wide6x4}, for a block's last rows. */
    static final class Wide2x4 extends VectorTile {

        private static final int NR = 4 * L;

        Wide2x4() {
            super(2, NR, false);
        }

        @Override
        void tile(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co, int ldc,
                boolean first, double[] bias, int bj) {
            int o0 = co;
            int o1 = co + ldc;
            DoubleVector c00, c01, c02, c03;
            DoubleVector c10, c11, c12, c13;
            if (first) {
                c00 = DoubleVector.zero(S);
                c01 = c02 = c03 = c10 = c11 = c12 = c13 = c00;
            } else {
                c00 = DoubleVector.fromArray(S, c, o0);
                c01 = DoubleVector.fromArray(S, c, o0 + L);
                c02 = DoubleVector.fromArray(S, c, o0 + 2 * L);
                c03 = DoubleVector.fromArray(S, c, o0 + 3 * L);
                c10 = DoubleVector.fromArray(S, c, o1);
                c11 = DoubleVector.fromArray(S, c, o1 + L);
                c12 = DoubleVector.fromArray(S, c, o1 + 2 * L);
                c13 = DoubleVector.fromArray(S, c, o1 + 3 * L);
            }
            for (int q = 0, ai = ao; q < kc; q++, ai += aK) {
                int bi = bo + q * NR;
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
                DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
                DoubleVector b3 = DoubleVector.fromArray(S, bp, bi + 3 * L);
                DoubleVector x = DoubleVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                c03 = x.fma(b3, c03);
                x = DoubleVector.broadcast(S, a[ai + aRow]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                c12 = x.fma(b2, c12);
                c13 = x.fma(b3, c13);
            }
            if (bias != null) {
                DoubleVector v0 = DoubleVector.fromArray(S, bias, bj);
                DoubleVector v1 = DoubleVector.fromArray(S, bias, bj + L);
                DoubleVector v2 = DoubleVector.fromArray(S, bias, bj + 2 * L);
                DoubleVector v3 = DoubleVector.fromArray(S, bias, bj + 3 * L);
                c00 = c00.add(v0); c01 = c01.add(v1); c02 = c02.add(v2); c03 = c03.add(v3);
                c10 = c10.add(v0); c11 = c11.add(v1); c12 = c12.add(v2); c13 = c13.add(v3);
            }
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + L);
            c02.intoArray(c, o0 + 2 * L);
            c03.intoArray(c, o0 + 3 * L);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + L);
            c12.intoArray(c, o1 + 2 * L);
            c13.intoArray(c, o1 + 3 * L);
        }
    }

    /**
     * 5 rows x 2 vectors: 10 accumulators, 2 loads of B and 5 broadcasts of A per k, A packed. Not 6 x 2:
     * with 16 registers C2 then spills an accumulator, a store and a reload in every k step. A is read
     * only packed, its strides constants: with variable ones C2 keeps a bounds check and a reload per
     * value in the loop.
     */
    static final class Wide5x2 extends VectorTile {

        private static final int NR = 2 * L;

        Wide5x2() {
            super(5, NR, true);
        }

        @Override
        void packA(Product p, int ic, int mc, int pc, int kc, double[] ap) {
            double[] a = p.a();
            int aRow = p.aRow();
            int aK = p.aK();
            for (int ir = 0; ir < mc; ir += 5) {
                int src = (ic + ir) * aRow + pc * aK;
                int dst = ir * kc;
                if (mc - ir < 5) {
                    Packing.packA(p, ic + ir, mc - ir, pc, kc, 5, ap, dst);
                    continue;
                }
                for (int q = 0; q < kc; q++, src += aK, dst += 5) {
                    ap[dst] = a[src];
                    ap[dst + 1] = a[src + aRow];
                    ap[dst + 2] = a[src + 2 * aRow];
                    ap[dst + 3] = a[src + 3 * aRow];
                    ap[dst + 4] = a[src + 4 * aRow];
                }
            }
        }

        @Override
        void tile(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co, int ldc,
                boolean first, double[] bias, int bj) {
            int o0 = co;
            int o1 = o0 + ldc;
            int o2 = o1 + ldc;
            int o3 = o2 + ldc;
            int o4 = o3 + ldc;
            DoubleVector c00, c01;
            DoubleVector c10, c11;
            DoubleVector c20, c21;
            DoubleVector c30, c31;
            DoubleVector c40, c41;
            if (first) {
                c00 = DoubleVector.zero(S);
                c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c00;
            } else {
                c00 = DoubleVector.fromArray(S, c, o0);
                c01 = DoubleVector.fromArray(S, c, o0 + L);
                c10 = DoubleVector.fromArray(S, c, o1);
                c11 = DoubleVector.fromArray(S, c, o1 + L);
                c20 = DoubleVector.fromArray(S, c, o2);
                c21 = DoubleVector.fromArray(S, c, o2 + L);
                c30 = DoubleVector.fromArray(S, c, o3);
                c31 = DoubleVector.fromArray(S, c, o3 + L);
                c40 = DoubleVector.fromArray(S, c, o4);
                c41 = DoubleVector.fromArray(S, c, o4 + L);
            }
            for (int q = 0; q < kc; q++) {
                int ai = ao + q * 5;
                int bi = bo + q * NR;
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
                DoubleVector x = DoubleVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, a[ai + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, a[ai + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, a[ai + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(S, a[ai + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
            }
            if (bias != null) {
                DoubleVector v0 = DoubleVector.fromArray(S, bias, bj);
                DoubleVector v1 = DoubleVector.fromArray(S, bias, bj + L);
                c00 = c00.add(v0); c01 = c01.add(v1);
                c10 = c10.add(v0); c11 = c11.add(v1);
                c20 = c20.add(v0); c21 = c21.add(v1);
                c30 = c30.add(v0); c31 = c31.add(v1);
                c40 = c40.add(v0); c41 = c41.add(v1);
            }
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + L);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + L);
            c20.intoArray(c, o2);
            c21.intoArray(c, o2 + L);
            c30.intoArray(c, o3);
            c31.intoArray(c, o3 + L);
            c40.intoArray(c, o4);
            c41.intoArray(c, o4 + L);
        }
    }

    /** Skinny tiles with 8 lanes: 6 rows x 2 vectors (16 columns: ten classes waste 6 lanes, not 22). */
    static final class Skinny6x2 extends VectorTile {

        private static final int NR = 2 * L;

        Skinny6x2() {
            super(6, NR, false);
        }

        @Override
        void tile(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co, int ldc,
                boolean first, double[] bias, int bj) {
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = c00;
            DoubleVector c10 = c00;
            DoubleVector c11 = c00;
            DoubleVector c20 = c00;
            DoubleVector c21 = c00;
            DoubleVector c30 = c00;
            DoubleVector c31 = c00;
            DoubleVector c40 = c00;
            DoubleVector c41 = c00;
            DoubleVector c50 = c00;
            DoubleVector c51 = c00;
            if (!first) {
                c00 = DoubleVector.fromArray(S, c, co);
                c01 = DoubleVector.fromArray(S, c, co + L);
                c10 = DoubleVector.fromArray(S, c, co + ldc);
                c11 = DoubleVector.fromArray(S, c, co + ldc + L);
                c20 = DoubleVector.fromArray(S, c, co + 2 * ldc);
                c21 = DoubleVector.fromArray(S, c, co + 2 * ldc + L);
                c30 = DoubleVector.fromArray(S, c, co + 3 * ldc);
                c31 = DoubleVector.fromArray(S, c, co + 3 * ldc + L);
                c40 = DoubleVector.fromArray(S, c, co + 4 * ldc);
                c41 = DoubleVector.fromArray(S, c, co + 4 * ldc + L);
                c50 = DoubleVector.fromArray(S, c, co + 5 * ldc);
                c51 = DoubleVector.fromArray(S, c, co + 5 * ldc + L);
            }
            for (int q = 0, ai = ao, bi = bo; q < kc; q++, ai += aK, bi += NR) {
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
                DoubleVector x = DoubleVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = DoubleVector.broadcast(S, a[ai + aRow]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = DoubleVector.broadcast(S, a[ai + 2 * aRow]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = DoubleVector.broadcast(S, a[ai + 3 * aRow]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = DoubleVector.broadcast(S, a[ai + 4 * aRow]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
                x = DoubleVector.broadcast(S, a[ai + 5 * aRow]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
            }
            if (bias != null) {
                DoubleVector v0 = DoubleVector.fromArray(S, bias, bj);
                DoubleVector v1 = DoubleVector.fromArray(S, bias, bj + L);
                c00 = c00.add(v0); c01 = c01.add(v1);
                c10 = c10.add(v0); c11 = c11.add(v1);
                c20 = c20.add(v0); c21 = c21.add(v1);
                c30 = c30.add(v0); c31 = c31.add(v1);
                c40 = c40.add(v0); c41 = c41.add(v1);
                c50 = c50.add(v0); c51 = c51.add(v1);
            }
            c00.intoArray(c, co);
            c01.intoArray(c, co + L);
            c10.intoArray(c, co + ldc);
            c11.intoArray(c, co + ldc + L);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + L);
            c30.intoArray(c, co + 3 * ldc);
            c31.intoArray(c, co + 3 * ldc + L);
            c40.intoArray(c, co + 4 * ldc);
            c41.intoArray(c, co + 4 * ldc + L);
            c50.intoArray(c, co + 5 * ldc);
            c51.intoArray(c, co + 5 * ldc + L);
        }
    }

    /**
     * Skinny tiles with 16 registers: 3 rows x 3 vectors, 9 accumulators, A in place (a fourth row would
     * leave too few registers for B and A; the wide tiles of 2 vectors waste more of a ten-class
     * product's columns on padding at 256 bits).
     */
    static final class Skinny3x3 extends VectorTile {

        private static final int NR = 3 * L;

        Skinny3x3() {
            super(3, NR, false);
        }

        @Override
        void tile(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co, int ldc,
                boolean first, double[] bias, int bj) {
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = c00;
            DoubleVector c02 = c00;
            DoubleVector c10 = c00;
            DoubleVector c11 = c00;
            DoubleVector c12 = c00;
            DoubleVector c20 = c00;
            DoubleVector c21 = c00;
            DoubleVector c22 = c00;
            if (!first) {
                c00 = DoubleVector.fromArray(S, c, co);
                c01 = DoubleVector.fromArray(S, c, co + L);
                c02 = DoubleVector.fromArray(S, c, co + 2 * L);
                c10 = DoubleVector.fromArray(S, c, co + ldc);
                c11 = DoubleVector.fromArray(S, c, co + ldc + L);
                c12 = DoubleVector.fromArray(S, c, co + ldc + 2 * L);
                c20 = DoubleVector.fromArray(S, c, co + 2 * ldc);
                c21 = DoubleVector.fromArray(S, c, co + 2 * ldc + L);
                c22 = DoubleVector.fromArray(S, c, co + 2 * ldc + 2 * L);
            }
            for (int q = 0, ai = ao, bi = bo; q < kc; q++, ai += aK, bi += NR) {
                DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
                DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
                DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
                DoubleVector x = DoubleVector.broadcast(S, a[ai]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                c02 = x.fma(b2, c02);
                x = DoubleVector.broadcast(S, a[ai + aRow]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                c12 = x.fma(b2, c12);
                x = DoubleVector.broadcast(S, a[ai + 2 * aRow]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                c22 = x.fma(b2, c22);
            }
            if (bias != null) {
                DoubleVector v0 = DoubleVector.fromArray(S, bias, bj);
                DoubleVector v1 = DoubleVector.fromArray(S, bias, bj + L);
                DoubleVector v2 = DoubleVector.fromArray(S, bias, bj + 2 * L);
                c00 = c00.add(v0); c01 = c01.add(v1); c02 = c02.add(v2);
                c10 = c10.add(v0); c11 = c11.add(v1); c12 = c12.add(v2);
                c20 = c20.add(v0); c21 = c21.add(v1); c22 = c22.add(v2);
            }
            c00.intoArray(c, co);
            c01.intoArray(c, co + L);
            c02.intoArray(c, co + 2 * L);
            c10.intoArray(c, co + ldc);
            c11.intoArray(c, co + ldc + L);
            c12.intoArray(c, co + ldc + 2 * L);
            c20.intoArray(c, co + 2 * ldc);
            c21.intoArray(c, co + 2 * ldc + L);
            c22.intoArray(c, co + 2 * ldc + 2 * L);
        }
    }
    /**
     * A skinny product with 8 lanes computed down its rows: each lane a row of C, so none is padding. A
     * block of {@link #VECTORS} vectors of rows by {@link #COLUMNS} columns loads those vectors of A' per
     * k - in place when A' is a transpose (a layer's weight gradient {@code xᵀ δ}), else from a
     * transposed copy, which {@link Gemm} allows only while it stays in L1 - and broadcasts each
     * column's value of B'. Computes whole vectors of rows only; each element is one fma sum in k
     * order, the bias added after.
     */
    static final class DownRows implements Tuning.RowKernel {

        /** Columns of C a block computes at once. */
        static final int COLUMNS = 5;

        /** Vectors down the rows of a block: 4 x 5 = 20 accumulators. */
        static final int VECTORS = 4;

        private static final ThreadLocal<double[]> TILE = ThreadLocal.withInitial(() -> new double[VECTORS * L * COLUMNS]);
        private static final ThreadLocal<double[][]> COPY = ThreadLocal.withInitial(() -> new double[1][0]);

        private static double[] transposed(int size) {
            double[][] holder = COPY.get();
            if (holder[0].length < size) {
                holder[0] = new double[size];
            }
            return holder[0];
        }

        @Override
        public int rowTile() {
            return L;
        }

        @Override
        public void multiply(Product p, int r0, int r1) {
            int n = p.n();
            int k = p.k();
            int aK = p.aK();
            int bK = p.bK();
            int bCol = p.bCol();
            double[] a = p.a();
            int aBase = 0;
            if (p.aRow() != 1) {
                // rows [r0, r1) of A' transposed into k-major columns
                int rows = r1 - r0;
                int aRow = p.aRow();
                double[] ap = transposed(rows * k);
                for (int i = 0; i < rows; i++) {
                    for (int q = 0, src = (r0 + i) * aRow, dst = i; q < k; q++, src += aK, dst += rows) {
                        ap[dst] = a[src];
                    }
                }
                a = ap;
                aK = rows;
                aBase = -r0;
            }
            double[] b = p.b();
            double[] c = p.c();
            double[] bias = p.bias();
            double[] tile = TILE.get();
            // whole vectors of rows: the caller leaves the rest to the skinny tiles
            int r = r0;
            while (r + L <= r1) {
                int vectors = r + VECTORS * L <= r1 ? VECTORS : 1;
                int rows = vectors * L;
                for (int j0 = 0; j0 < n; j0 += COLUMNS) {
                    int cols = Math.min(COLUMNS, n - j0);
                    if (vectors == 1) {
                        column1x5(a, aBase + r, aK, b, j0 * bCol, bK, bCol, cols, k, tile);
                    } else {
                        column4x5(a, aBase + r, aK, b, j0 * bCol, bK, bCol, cols, k, tile);
                    }
                    for (int j = 0; j < cols; j++) {
                        int t = j * rows;
                        int o = r * n + j0 + j;
                        if (bias == null) {
                            for (int i = 0; i < rows; i++, o += n) {
                                c[o] = tile[t + i];
                            }
                        } else {
                            double add = bias[j0 + j];
                            for (int i = 0; i < rows; i++, o += n) {
                                c[o] = tile[t + i] + add;
                            }
                        }
                    }
                }
                r += rows;
            }
        }

        /**
         * Four vectors of rows by five columns of C over all of k, into {@code tile} column by column;
         * columns past {@code cols} repeat the last.
         */
        private static void column4x5(double[] a, int ao, int aK, double[] b, int bo, int bK, int bCol, int cols, int k,
                double[] tile) {
            int o1 = Math.min(1, cols - 1) * bCol;
            int o2 = Math.min(2, cols - 1) * bCol;
            int o3 = Math.min(3, cols - 1) * bCol;
            int o4 = Math.min(4, cols - 1) * bCol;
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = c00;
            DoubleVector c02 = c00;
            DoubleVector c03 = c00;
            DoubleVector c04 = c00;
            DoubleVector c10 = c00;
            DoubleVector c11 = c00;
            DoubleVector c12 = c00;
            DoubleVector c13 = c00;
            DoubleVector c14 = c00;
            DoubleVector c20 = c00;
            DoubleVector c21 = c00;
            DoubleVector c22 = c00;
            DoubleVector c23 = c00;
            DoubleVector c24 = c00;
            DoubleVector c30 = c00;
            DoubleVector c31 = c00;
            DoubleVector c32 = c00;
            DoubleVector c33 = c00;
            DoubleVector c34 = c00;
            for (int q = 0, ai = ao, bi = bo; q < k; q++, ai += aK, bi += bK) {
                DoubleVector a0 = DoubleVector.fromArray(S, a, ai);
                DoubleVector a1 = DoubleVector.fromArray(S, a, ai + L);
                DoubleVector a2 = DoubleVector.fromArray(S, a, ai + 2 * L);
                DoubleVector a3 = DoubleVector.fromArray(S, a, ai + 3 * L);
                DoubleVector x = DoubleVector.broadcast(S, b[bi]);
                c00 = a0.fma(x, c00);
                c10 = a1.fma(x, c10);
                c20 = a2.fma(x, c20);
                c30 = a3.fma(x, c30);
                x = DoubleVector.broadcast(S, b[bi + o1]);
                c01 = a0.fma(x, c01);
                c11 = a1.fma(x, c11);
                c21 = a2.fma(x, c21);
                c31 = a3.fma(x, c31);
                x = DoubleVector.broadcast(S, b[bi + o2]);
                c02 = a0.fma(x, c02);
                c12 = a1.fma(x, c12);
                c22 = a2.fma(x, c22);
                c32 = a3.fma(x, c32);
                x = DoubleVector.broadcast(S, b[bi + o3]);
                c03 = a0.fma(x, c03);
                c13 = a1.fma(x, c13);
                c23 = a2.fma(x, c23);
                c33 = a3.fma(x, c33);
                x = DoubleVector.broadcast(S, b[bi + o4]);
                c04 = a0.fma(x, c04);
                c14 = a1.fma(x, c14);
                c24 = a2.fma(x, c24);
                c34 = a3.fma(x, c34);
            }
            c00.intoArray(tile, 0);
            c10.intoArray(tile, L);
            c20.intoArray(tile, 2 * L);
            c30.intoArray(tile, 3 * L);
            c01.intoArray(tile, 4 * L);
            c11.intoArray(tile, 4 * L + L);
            c21.intoArray(tile, 4 * L + 2 * L);
            c31.intoArray(tile, 4 * L + 3 * L);
            c02.intoArray(tile, 8 * L);
            c12.intoArray(tile, 8 * L + L);
            c22.intoArray(tile, 8 * L + 2 * L);
            c32.intoArray(tile, 8 * L + 3 * L);
            c03.intoArray(tile, 12 * L);
            c13.intoArray(tile, 12 * L + L);
            c23.intoArray(tile, 12 * L + 2 * L);
            c33.intoArray(tile, 12 * L + 3 * L);
            c04.intoArray(tile, 16 * L);
            c14.intoArray(tile, 16 * L + L);
            c24.intoArray(tile, 16 * L + 2 * L);
            c34.intoArray(tile, 16 * L + 3 * L);
        }

        /** As {@link #column4x5} with one vector of rows: the rows past the last whole block. */
        private static void column1x5(double[] a, int ao, int aK, double[] b, int bo, int bK, int bCol, int cols, int k,
                double[] tile) {
            int o1 = Math.min(1, cols - 1) * bCol;
            int o2 = Math.min(2, cols - 1) * bCol;
            int o3 = Math.min(3, cols - 1) * bCol;
            int o4 = Math.min(4, cols - 1) * bCol;
            DoubleVector c00 = DoubleVector.zero(S);
            DoubleVector c01 = c00;
            DoubleVector c02 = c00;
            DoubleVector c03 = c00;
            DoubleVector c04 = c00;
            for (int q = 0, ai = ao, bi = bo; q < k; q++, ai += aK, bi += bK) {
                DoubleVector a0 = DoubleVector.fromArray(S, a, ai);
                DoubleVector x = DoubleVector.broadcast(S, b[bi]);
                c00 = a0.fma(x, c00);
                x = DoubleVector.broadcast(S, b[bi + o1]);
                c01 = a0.fma(x, c01);
                x = DoubleVector.broadcast(S, b[bi + o2]);
                c02 = a0.fma(x, c02);
                x = DoubleVector.broadcast(S, b[bi + o3]);
                c03 = a0.fma(x, c03);
                x = DoubleVector.broadcast(S, b[bi + o4]);
                c04 = a0.fma(x, c04);
            }
            c00.intoArray(tile, 0);
            c01.intoArray(tile, 1 * L);
            c02.intoArray(tile, 2 * L);
            c03.intoArray(tile, 3 * L);
            c04.intoArray(tile, 4 * L);
        }
    }
}
