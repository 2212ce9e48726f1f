package dev.backprop.engine.product;

/**
 * The portable micro-kernel, for JVMs without the Vector API: 2 rows x 4 columns, eight sums in
 * registers (with 16 registers, a taller tile spills).
 */
final class ScalarTile extends MicroKernel {

    ScalarTile() {
        super(2, 4, false);
    }

    @Override
    void tile(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co, int ldc,
            boolean first, double[] bias, int bj) {
        int o1 = co + ldc;
        double s00 = first ? 0.0 : c[co];
        double s01 = first ? 0.0 : c[co + 1];
        double s02 = first ? 0.0 : c[co + 2];
        double s03 = first ? 0.0 : c[co + 3];
        double s10 = first ? 0.0 : c[o1];
        double s11 = first ? 0.0 : c[o1 + 1];
        double s12 = first ? 0.0 : c[o1 + 2];
        double s13 = first ? 0.0 : c[o1 + 3];
        for (int q = 0, ai = ao, bi = bo; q < kc; q++, ai += aK, bi += 4) {
            double x0 = a[ai];
            double x1 = a[ai + aRow];
            double y0 = bp[bi];
            double y1 = bp[bi + 1];
            double y2 = bp[bi + 2];
            double y3 = bp[bi + 3];
            s00 = Math.fma(x0, y0, s00);
            s01 = Math.fma(x0, y1, s01);
            s02 = Math.fma(x0, y2, s02);
            s03 = Math.fma(x0, y3, s03);
            s10 = Math.fma(x1, y0, s10);
            s11 = Math.fma(x1, y1, s11);
            s12 = Math.fma(x1, y2, s12);
            s13 = Math.fma(x1, y3, s13);
        }
        if (bias != null) {
            s00 += bias[bj];
            s01 += bias[bj + 1];
            s02 += bias[bj + 2];
            s03 += bias[bj + 3];
            s10 += bias[bj];
            s11 += bias[bj + 1];
            s12 += bias[bj + 2];
            s13 += bias[bj + 3];
        }
        c[co] = s00;
        c[co + 1] = s01;
        c[co + 2] = s02;
        c[co + 3] = s03;
        c[o1] = s10;
        c[o1 + 1] = s11;
        c[o1 + 2] = s12;
        c[o1 + 3] = s13;
    }
}
