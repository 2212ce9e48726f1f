package dev.backprop.engine.product;

/**
 * Products too small to repay packing, computed in place on the calling thread with scalar fused
 * multiply-adds, each element's sum in k order from 0.0 and the bias added after, as every other path.
 */
final class SmallLoops {

    private SmallLoops() {
    }

    /** Products at most this many columns wide keep each row's sums in registers. */
    static final int REGISTER_COLUMNS = 4;

    /** Products at most this deep (and {@link #REGISTER_COLUMNS} wide) keep all of B' in registers. */
    static final int SHALLOW_K = 4;

    /** The columns {@code [c0, c1)} of every row of C, a row at a time with C's row in memory. */
    static void rows(Product p, int r0, int r1, int c0, int c1) {
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
     * Every column of C, in groups of {@link #REGISTER_COLUMNS} with their sums in registers; and when
     * {@code sums} is not null, B's column sums beside the first rows' pass over k (see {@link Gemm#multiply(Product, double[])}).
     */
    static void narrow(Product p, int r0, int r1, double[] sums) {
        for (int c0 = 0; c0 < p.n(); c0 += REGISTER_COLUMNS) {
            inRegisters(p, r0, r1, c0, Math.min(p.n(), c0 + REGISTER_COLUMNS), sums);
        }
    }

    /**
     * At most two columns, four rows at a time (rows past {@code r1} read row {@code r1 - 1} again and
     * are not stored): the same eight sums in registers as {@link #narrow}'s two rows of four columns,
     * none of them thrown away, and the loop's overhead shared by four rows. Column sums of B beside the
     * first pass when {@code sums} is not null.
     */
    static void twoColumns(Product p, int r0, int r1, double[] sums) {
        double[] a = p.a();
        double[] b = p.b();
        double[] c = p.c();
        double[] bias = p.bias();
        int n = p.n();
        int k = p.k();
        int aRow = p.aRow();
        int aK = p.aK();
        int bK = p.bK();
        int o1 = n > 1 ? p.bCol() : 0;
        boolean biased = bias != null;
        double bias0 = biased ? bias[0] : 0.0;
        double bias1 = biased && n > 1 ? bias[1] : 0.0;
        double t0 = 0.0;
        double t1 = 0.0;
        for (int r = r0; r < r1; r += 4) {
            boolean summing = sums != null && r == r0;
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
            for (int q = 0, ai = r * aRow, bi = 0; q < k; q++, ai += aK, bi += bK) {
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
            int o = r * n;
            put(c, o, n, biased, bias0, bias1, 0, 0, s00, s01, 0, 0);
            if (r + 1 < r1) {
                put(c, o + n, n, biased, bias0, bias1, 0, 0, s10, s11, 0, 0);
            }
            if (r + 2 < r1) {
                put(c, o + 2 * n, n, biased, bias0, bias1, 0, 0, s20, s21, 0, 0);
            }
            if (r + 3 < r1) {
                put(c, o + 3 * n, n, biased, bias0, bias1, 0, 0, s30, s31, 0, 0);
            }
        }
        if (sums != null && r0 < r1) {
            put(sums, 0, n, false, 0, 0, 0, 0, t0, t1, 0, 0);
        }
    }

    /**
     * A product at most {@link #SHALLOW_K} deep and {@link #REGISTER_COLUMNS} wide (a layer of two to four
     * inputs, or into two to four classes), a row at a time with all of B' in locals: no loop over k,
     * whose few steps cost more than their arithmetic. Columns past the product's width read column 0
     * again and are thrown away.
     */
    static void shallow(Product p, int r0, int r1) {
        double[] a = p.a();
        double[] b = p.b();
        double[] c = p.c();
        double[] bias = p.bias();
        int n = p.n();
        int k = p.k();
        int aRow = p.aRow();
        int aK = p.aK();
        int bK = p.bK();
        int o1 = n > 1 ? p.bCol() : 0;
        int o2 = n > 2 ? 2 * p.bCol() : 0;
        int o3 = n > 3 ? 3 * p.bCol() : 0;
        int k1 = k > 1 ? bK : 0;
        int k2 = k > 2 ? 2 * bK : 0;
        int k3 = k > 3 ? 3 * bK : 0;
        double y00 = b[0];
        double y01 = b[o1];
        double y02 = b[o2];
        double y03 = b[o3];
        double y10 = b[k1];
        double y11 = b[k1 + o1];
        double y12 = b[k1 + o2];
        double y13 = b[k1 + o3];
        double y20 = b[k2];
        double y21 = b[k2 + o1];
        double y22 = b[k2 + o2];
        double y23 = b[k2 + o3];
        double y30 = b[k3];
        double y31 = b[k3 + o1];
        double y32 = b[k3 + o2];
        double y33 = b[k3 + o3];
        boolean biased = bias != null;
        double b0 = biased ? bias[0] : 0.0;
        double b1 = biased && n > 1 ? bias[1] : 0.0;
        double b2 = biased && n > 2 ? bias[2] : 0.0;
        double b3 = biased && n > 3 ? bias[3] : 0.0;
        for (int r = r0, ai = r0 * aRow, o = r0 * n; r < r1; r++, ai += aRow, o += n) {
            double x = a[ai];
            double s0 = Math.fma(x, y00, 0.0);
            double s1 = Math.fma(x, y01, 0.0);
            double s2 = Math.fma(x, y02, 0.0);
            double s3 = Math.fma(x, y03, 0.0);
            if (k > 1) {
                x = a[ai + aK];
                s0 = Math.fma(x, y10, s0);
                s1 = Math.fma(x, y11, s1);
                s2 = Math.fma(x, y12, s2);
                s3 = Math.fma(x, y13, s3);
            }
            if (k > 2) {
                x = a[ai + 2 * aK];
                s0 = Math.fma(x, y20, s0);
                s1 = Math.fma(x, y21, s1);
                s2 = Math.fma(x, y22, s2);
                s3 = Math.fma(x, y23, s3);
            }
            if (k > 3) {
                x = a[ai + 3 * aK];
                s0 = Math.fma(x, y30, s0);
                s1 = Math.fma(x, y31, s1);
                s2 = Math.fma(x, y32, s2);
                s3 = Math.fma(x, y33, s3);
            }
            put(c, o, n, biased, b0, b1, b2, b3, s0, s1, s2, s3);
        }
    }

    /**
     * At most four columns, two rows at a time: eight sums in registers instead of in C, so that the
     * products of narrow layers (a few units, or a few classes) are not a load and a store per
     * multiply-add. Columns past the product's width read column {@code c0} again and are thrown away,
     * which keeps the loop free of branches.
     */
    private static void inRegisters(Product p, int r0, int r1, int c0, int c1, double[] sums) {
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
        // the biases in locals: C2 cannot hoist loads of an array that the stores to C may alias
        boolean biased = bias != null;
        double b0 = biased ? bias[c0] : 0.0;
        double b1 = biased && w > 1 ? bias[c0 + 1] : 0.0;
        double b2 = biased && w > 2 ? bias[c0 + 2] : 0.0;
        double b3 = biased && w > 3 ? bias[c0 + 3] : 0.0;
        double t0 = 0.0;
        double t1 = 0.0;
        double t2 = 0.0;
        double t3 = 0.0;
        int r = r0;
        for (; r + 1 < r1; r += 2) {
            boolean summing = sums != null && r == r0;
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
                if (summing) {
                    t0 += y0;
                    t1 += y1;
                    t2 += y2;
                    t3 += y3;
                }
            }
            put(c, r * n + c0, w, biased, b0, b1, b2, b3, s00, s01, s02, s03);
            put(c, (r + 1) * n + c0, w, biased, b0, b1, b2, b3, s10, s11, s12, s13);
        }
        if (r < r1) {
            boolean summing = sums != null && r == r0;
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
                if (summing) {
                    t0 += y0;
                    t1 += y1;
                    t2 += y2;
                    t3 += y3;
                }
            }
            put(c, r * n + c0, w, biased, b0, b1, b2, b3, s0, s1, s2, s3);
        }
        if (sums != null && r0 < r1) {
            put(sums, c0, w, false, 0, 0, 0, 0, t0, t1, t2, t3);
        }
    }

    /**
     * Column sums of a matrix at most {@link #REGISTER_COLUMNS} wide: the sums in registers, one pass over
     * the rows (columns past {@code cols} read column 0 again and are thrown away), each in row order.
     */
    static void sumFew(double[] a, int rows, int cols, double[] out) {
        int o1 = cols > 1 ? 1 : 0;
        int o2 = cols > 2 ? 2 : 0;
        int o3 = cols > 3 ? 3 : 0;
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        for (int i = 0, end = rows * cols; i < end; i += cols) {
            s0 += a[i];
            s1 += a[i + o1];
            s2 += a[i + o2];
            s3 += a[i + o3];
        }
        if (cols > 0) {
            put(out, 0, cols, false, 0, 0, 0, 0, s0, s1, s2, s3);
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
}
