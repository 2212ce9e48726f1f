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
     * At most {@link #NARROW} columns, two rows at a time: eight sums in registers instead of in C,
     * so that the small products of narrow layers (a few units, or a few classes) are not a load and
     * a store per multiply-add. Columns past the product's width read column {@code c0} again and
     * are thrown away, which keeps the loop free of branches.
     */
    private static void narrow(Product p, int r0, int r1, int c0, int c1) {
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
        int r = r0;
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
            put(c, r * n + c0, w, bias, c0, s00, s01, s02, s03);
            put(c, (r + 1) * n + c0, w, bias, c0, s10, s11, s12, s13);
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
            put(c, r * n + c0, w, bias, c0, s0, s1, s2, s3);
        }
    }

    /** Writes the first {@code w} of four sums, each plus its bias when there is one. */
    private static void put(double[] c, int o, int w, double[] bias, int j, double s0, double s1, double s2,
            double s3) {
        c[o] = bias == null ? s0 : s0 + bias[j];
        if (w > 1) {
            c[o + 1] = bias == null ? s1 : s1 + bias[j + 1];
        }
        if (w > 2) {
            c[o + 2] = bias == null ? s2 : s2 + bias[j + 2];
        }
        if (w > 3) {
            c[o + 3] = bias == null ? s3 : s3 + bias[j + 3];
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
