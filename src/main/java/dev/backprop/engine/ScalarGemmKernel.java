package dev.backprop.engine;

/**
 * The portable kernel, used when the Vector API is absent or {@code backprop.engine.simd=scalar}:
 * for each row of C, k outer and j inner, each step a fused multiply-add, so every element sums k
 * in order exactly as the vector kernel does.
 */
final class ScalarGemmKernel implements GemmKernel {

    /** Products at most this many columns wide keep each row's sums in registers. */
    static final int NARROW = 4;

    @Override
    public void multiply(Product p, int r0, int r1, int c0, int c1) {
        if (c1 - c0 <= NARROW) {
            narrow(p, r0, r1, c0, c1);
            return;
        }
        double[] a = p.a();
        double[] b = p.b();
        double[] c = p.c();
        int n = p.n();
        int bK = p.bK();
        int bCol = p.bCol();
        for (int r = r0; r < r1; r++) {
            int cRow = r * n;
            for (int j = c0; j < c1; j++) {
                c[cRow + j] = 0.0;
            }
            for (int q = 0, ai = r * p.aRow(); q < p.k(); q++, ai += p.aK()) {
                double arq = a[ai];
                for (int j = c0, bi = q * bK + c0 * bCol; j < c1; j++, bi += bCol) {
                    c[cRow + j] = Math.fma(arq, b[bi], c[cRow + j]);
                }
            }
            if (p.bias() != null) {
                for (int j = c0; j < c1; j++) {
                    c[cRow + j] += p.bias()[j];
                }
            }
        }
    }

    /**
     * Three or four columns (fewer go to {@link #twoColumns}), two rows at a time: eight sums in registers instead of in C,
     * so that the small products of narrow layers (a few units, or a few classes) are not a load and
     * a store per multiply-add. Columns past the product's width read column {@code c0} again and
     * are thrown away, which keeps the loop free of branches.
     */
    private static void narrow(Product p, int r0, int r1, int c0, int c1) {
        narrow(p, r0, r1, c0, c1, null);
    }

    /**
     * As {@link #narrow(Product, int, int, int, int)}, and when {@code sums} is not null (columns
     * {@code c0 = 0} to {@code c1 = n}) also {@code sums[j] = Σ_q B'[q][j]} in q order from 0.0, as
     * {@link MatrixOps#sumColumns} does: in the first pass over k, whose fma chains it runs beside, so
     * that a layer's bias gradient costs no pass of its own. That first pass is a copy of the loops
     * below with the sums added, on purpose: a flag tested inside the shared loops made every narrow
     * product slower (moons 0.158 against 0.175 s, three runs each).
     */
    static void narrow(Product p, int r0, int r1, int c0, int c1, double[] sums) {
        if (c1 - c0 <= 2) {
            twoColumns(p, r0, r1, c0, c1, sums);
            return;
        }
        double[] a = p.a();
        double[] b = p.b();
        double[] c = p.c();
        double[] bias = p.bias();
        int n = p.n();
        int k = p.k();
        int aRow = p.aRow();
        int aK = p.aK();
        int bK = p.bK();
        int bCol = p.bCol();
        int w = c1 - c0;
        int o1 = w > 1 ? bCol : 0;
        int o2 = w > 2 ? 2 * bCol : 0;
        int o3 = w > 3 ? 3 * bCol : 0;
        // the biases in locals: read from the array in every row's write-out, they doubled the time of a
        // 200 x 2 x 3 product (C2 cannot hoist loads of an array that the stores to C may alias)
        boolean biased = bias != null;
        double b0 = biased ? bias[c0] : 0.0;
        double b1 = biased && w > 1 ? bias[c0 + 1] : 0.0;
        double b2 = biased && w > 2 ? bias[c0 + 2] : 0.0;
        double b3 = biased && w > 3 ? bias[c0 + 3] : 0.0;
        int r = r0;
        if (sums != null) {
            double t0 = 0.0;
            double t1 = 0.0;
            double t2 = 0.0;
            double t3 = 0.0;
            if (w == 3 && r + 1 < r1) {
                // three columns without a fourth computed and thrown away: 14 values live, not 18, which
                // with 16 registers (AVX2) kept the loop from spilling
                double s00 = 0.0;
                double s01 = 0.0;
                double s02 = 0.0;
                double s10 = 0.0;
                double s11 = 0.0;
                double s12 = 0.0;
                for (int q = 0, ai = r * aRow, bi = c0 * bCol; q < k; q++, ai += aK, bi += bK) {
                    double x0 = a[ai];
                    double x1 = a[ai + aRow];
                    double y0 = b[bi];
                    double y1 = b[bi + o1];
                    double y2 = b[bi + o2];
                    s00 = Math.fma(x0, y0, s00);
                    s01 = Math.fma(x0, y1, s01);
                    s02 = Math.fma(x0, y2, s02);
                    s10 = Math.fma(x1, y0, s10);
                    s11 = Math.fma(x1, y1, s11);
                    s12 = Math.fma(x1, y2, s12);
                    t0 += y0;
                    t1 += y1;
                    t2 += y2;
                }
                put(c, r * n + c0, w, biased, b0, b1, b2, b3, s00, s01, s02, 0.0);
                put(c, (r + 1) * n + c0, w, biased, b0, b1, b2, b3, s10, s11, s12, 0.0);
                r += 2;
            } else if (r + 1 < r1) {
                double s00 = 0.0;
                double s01 = 0.0;
                double s02 = 0.0;
                double s03 = 0.0;
                double s10 = 0.0;
                double s11 = 0.0;
                double s12 = 0.0;
                double s13 = 0.0;
                for (int q = 0, ai = r * aRow, bi = c0 * bCol; q < k; q++, ai += aK, bi += bK) {
                    double x0 = a[ai];
                    double x1 = a[ai + aRow];
                    double y0 = b[bi];
                    double y1 = b[bi + o1];
                    double y2 = b[bi + o2];
                    double y3 = b[bi + o3];
                    s00 = Math.fma(x0, y0, s00);
                    s01 = Math.fma(x0, y1, s01);
                    s02 = Math.fma(x0, y2, s02);
                    s03 = Math.fma(x0, y3, s03);
                    s10 = Math.fma(x1, y0, s10);
                    s11 = Math.fma(x1, y1, s11);
                    s12 = Math.fma(x1, y2, s12);
                    s13 = Math.fma(x1, y3, s13);
                    t0 += y0;
                    t1 += y1;
                    t2 += y2;
                    t3 += y3;
                }
                put(c, r * n + c0, w, biased, b0, b1, b2, b3, s00, s01, s02, s03);
                put(c, (r + 1) * n + c0, w, biased, b0, b1, b2, b3, s10, s11, s12, s13);
                r += 2;
            } else {
                double s0 = 0.0;
                double s1 = 0.0;
                double s2 = 0.0;
                double s3 = 0.0;
                for (int q = 0, ai = r * aRow, bi = c0 * bCol; q < k; q++, ai += aK, bi += bK) {
                    double x = a[ai];
                    double y0 = b[bi];
                    double y1 = b[bi + o1];
                    double y2 = b[bi + o2];
                    double y3 = b[bi + o3];
                    s0 = Math.fma(x, y0, s0);
                    s1 = Math.fma(x, y1, s1);
                    s2 = Math.fma(x, y2, s2);
                    s3 = Math.fma(x, y3, s3);
                    t0 += y0;
                    t1 += y1;
                    t2 += y2;
                    t3 += y3;
                }
                put(c, r * n + c0, w, biased, b0, b1, b2, b3, s0, s1, s2, s3);
                r++;
            }
            put(sums, 0, w, false, 0, 0, 0, 0, t0, t1, t2, t3);
        }
        if (k == 2 && w == 3) {
            // two inputs (or two classes) by three units: the six values of B' in registers for every row,
            // no loop over k (a 2-D dataset's first layer, a binary classifier's input gradient)
            double y00 = b[c0 * bCol];
            double y01 = b[c0 * bCol + o1];
            double y02 = b[c0 * bCol + o2];
            double y10 = b[bK + c0 * bCol];
            double y11 = b[bK + c0 * bCol + o1];
            double y12 = b[bK + c0 * bCol + o2];
            for (int ai = r * aRow, o = r * n + c0; r < r1; r++, ai += aRow, o += n) {
                double x0 = a[ai];
                double x1 = a[ai + aK];
                double s0 = Math.fma(x1, y10, Math.fma(x0, y00, 0.0));
                double s1 = Math.fma(x1, y11, Math.fma(x0, y01, 0.0));
                double s2 = Math.fma(x1, y12, Math.fma(x0, y02, 0.0));
                c[o] = biased ? s0 + b0 : s0;
                c[o + 1] = biased ? s1 + b1 : s1;
                c[o + 2] = biased ? s2 + b2 : s2;
            }
            return;
        }
        for (; r + 1 < r1; r += 2) {
            double s00 = 0.0;
            double s01 = 0.0;
            double s02 = 0.0;
            double s03 = 0.0;
            double s10 = 0.0;
            double s11 = 0.0;
            double s12 = 0.0;
            double s13 = 0.0;
            for (int q = 0, ai = r * aRow, bi = c0 * bCol; q < k; q++, ai += aK, bi += bK) {
                double x0 = a[ai];
                double x1 = a[ai + aRow];
                double y0 = b[bi];
                double y1 = b[bi + o1];
                double y2 = b[bi + o2];
                double y3 = b[bi + o3];
                s00 = Math.fma(x0, y0, s00);
                s01 = Math.fma(x0, y1, s01);
                s02 = Math.fma(x0, y2, s02);
                s03 = Math.fma(x0, y3, s03);
                s10 = Math.fma(x1, y0, s10);
                s11 = Math.fma(x1, y1, s11);
                s12 = Math.fma(x1, y2, s12);
                s13 = Math.fma(x1, y3, s13);
            }
            put(c, r * n + c0, w, biased, b0, b1, b2, b3, s00, s01, s02, s03);
            put(c, (r + 1) * n + c0, w, biased, b0, b1, b2, b3, s10, s11, s12, s13);
        }
        if (r < r1) {
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            for (int q = 0, ai = r * aRow, bi = c0 * bCol; q < k; q++, ai += aK, bi += bK) {
                double x = a[ai];
                s0 = Math.fma(x, b[bi], s0);
                s1 = Math.fma(x, b[bi + o1], s1);
                s2 = Math.fma(x, b[bi + o2], s2);
                s3 = Math.fma(x, b[bi + o3], s3);
            }
            put(c, r * n + c0, w, biased, b0, b1, b2, b3, s0, s1, s2, s3);
        }
    }

    /** Products at most this deep, at most two columns wide, hold B' in registers. */
    static final int SHALLOW = 4;

    /**
     * At most two columns of at most {@link #SHALLOW} terms each, a row at a time with B' in locals: a
     * three-unit layer into two classes (Britz's moons) spent more on the four-row loop's short inner
     * loop than on its arithmetic. Each sum runs in q
     * order from 0.0 with fma, as in the loops.
     */
    private static void shallowTwoColumns(Product p, int r0, int r1, int c0, int c1) {
        double[] a = p.a();
        double[] b = p.b();
        double[] c = p.c();
        double[] bias = p.bias();
        int n = p.n();
        int k = p.k();
        int aRow = p.aRow();
        int aK = p.aK();
        int bK = p.bK();
        boolean two = c1 - c0 > 1;
        int bi = c0 * p.bCol();
        int o1 = two ? p.bCol() : 0;
        double y00 = b[bi];
        double y01 = b[bi + o1];
        double y10 = k > 1 ? b[bi + bK] : 0.0;
        double y11 = k > 1 ? b[bi + bK + o1] : 0.0;
        double y20 = k > 2 ? b[bi + 2 * bK] : 0.0;
        double y21 = k > 2 ? b[bi + 2 * bK + o1] : 0.0;
        double y30 = k > 3 ? b[bi + 3 * bK] : 0.0;
        double y31 = k > 3 ? b[bi + 3 * bK + o1] : 0.0;
        boolean biased = bias != null;
        double bias0 = biased ? bias[c0] : 0.0;
        double bias1 = biased && two ? bias[c0 + 1] : 0.0;
        for (int r = r0, ai = r0 * aRow, o = r0 * n + c0; r < r1; r++, ai += aRow, o += n) {
            double x = a[ai];
            double s0 = Math.fma(x, y00, 0.0);
            double s1 = Math.fma(x, y01, 0.0);
            if (k > 1) {
                x = a[ai + aK];
                s0 = Math.fma(x, y10, s0);
                s1 = Math.fma(x, y11, s1);
            }
            if (k > 2) {
                x = a[ai + 2 * aK];
                s0 = Math.fma(x, y20, s0);
                s1 = Math.fma(x, y21, s1);
            }
            if (k > 3) {
                x = a[ai + 3 * aK];
                s0 = Math.fma(x, y30, s0);
                s1 = Math.fma(x, y31, s1);
            }
            c[o] = biased ? s0 + bias0 : s0;
            if (two) {
                c[o + 1] = biased ? s1 + bias1 : s1;
            }
        }
    }

    /**
     * At most two columns, four rows at a time (rows past {@code r1} read row {@code r1 - 1} again and
     * are not stored): a weight gradient of two or three inputs by two units is one pass over k, not two,
     * and the loop's overhead is shared by four rows. Columns sums as in {@link #narrow}, in the first pass.
     */
    private static void twoColumns(Product p, int r0, int r1, int c0, int c1, double[] sums) {
        if (sums == null && p.k() >= 1 && p.k() <= SHALLOW) {
            shallowTwoColumns(p, r0, r1, c0, c1);
            return;
        }
        double[] a = p.a();
        double[] b = p.b();
        double[] c = p.c();
        double[] bias = p.bias();
        int n = p.n();
        int k = p.k();
        int aRow = p.aRow();
        int aK = p.aK();
        int bK = p.bK();
        int w = c1 - c0;
        int o1 = w > 1 ? p.bCol() : 0;
        double bias0 = bias == null ? 0.0 : bias[c0];
        double bias1 = bias == null || w < 2 ? 0.0 : bias[c0 + 1];
        double t0 = 0.0;
        double t1 = 0.0;
        for (int r = r0; r < r1; r += 4) {
            int a1 = (Math.min(r + 1, r1 - 1) - r) * aRow;
            int a2 = (Math.min(r + 2, r1 - 1) - r) * aRow;
            int a3 = (Math.min(r + 3, r1 - 1) - r) * aRow;
            double s00 = 0.0;
            double s01 = 0.0;
            double s10 = 0.0;
            double s11 = 0.0;
            double s20 = 0.0;
            double s21 = 0.0;
            double s30 = 0.0;
            double s31 = 0.0;
            boolean summing = sums != null && r == r0;
            for (int q = 0, ai = r * aRow, bi = c0 * p.bCol(); q < k; q++, ai += aK, bi += bK) {
                double y0 = b[bi];
                double y1 = b[bi + o1];
                double x = a[ai];
                s00 = Math.fma(x, y0, s00);
                s01 = Math.fma(x, y1, s01);
                x = a[ai + a1];
                s10 = Math.fma(x, y0, s10);
                s11 = Math.fma(x, y1, s11);
                x = a[ai + a2];
                s20 = Math.fma(x, y0, s20);
                s21 = Math.fma(x, y1, s21);
                x = a[ai + a3];
                s30 = Math.fma(x, y0, s30);
                s31 = Math.fma(x, y1, s31);
                if (summing) {
                    t0 += y0;
                    t1 += y1;
                }
            }
            int o = r * n + c0;
            c[o] = bias == null ? s00 : s00 + bias0;
            if (w > 1) {
                c[o + 1] = bias == null ? s01 : s01 + bias1;
            }
            if (r + 1 < r1) {
                c[o + n] = bias == null ? s10 : s10 + bias0;
                if (w > 1) {
                    c[o + n + 1] = bias == null ? s11 : s11 + bias1;
                }
            }
            if (r + 2 < r1) {
                c[o + 2 * n] = bias == null ? s20 : s20 + bias0;
                if (w > 1) {
                    c[o + 2 * n + 1] = bias == null ? s21 : s21 + bias1;
                }
            }
            if (r + 3 < r1) {
                c[o + 3 * n] = bias == null ? s30 : s30 + bias0;
                if (w > 1) {
                    c[o + 3 * n + 1] = bias == null ? s31 : s31 + bias1;
                }
            }
        }
        if (sums != null) {
            sums[0] = t0;
            if (w > 1) {
                sums[1] = t1;
            }
        }
    }

    /**
     * Writes the first {@code w} of four sums, each plus its bias when {@code biased} (not adding 0.0
     * otherwise, which would turn a sum of -0.0 into 0.0).
     */
    private static void put(double[] c, int o, int w, boolean biased, double b0, double b1, double b2, double b3,
            double s0, double s1, double s2, double s3) {
        c[o] = biased ? s0 + b0 : s0;
        if (w > 1) {
            c[o + 1] = biased ? s1 + b1 : s1;
        }
        if (w > 2) {
            c[o + 2] = biased ? s2 + b2 : s2;
        }
        if (w > 3) {
            c[o + 3] = biased ? s3 + b3 : s3;
        }
    }

    @Override
    public int rowTile() {
        return 1;
    }

    @Override
    public int columnTile() {
        return 1;
    }

    @Override
    public String describe() {
        return "scalar";
    }
}
