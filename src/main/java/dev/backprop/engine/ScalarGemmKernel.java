package dev.backprop.engine;

import java.util.Arrays;

/**
 * The portable kernel: for each row of C, k outer and j inner, so the inner loop is a unit-stride
 * multiply-add that C2 vectorizes.
 */
final class ScalarGemmKernel implements GemmKernel {

    @Override
    public void multiply(double[] a, int aRow, int aK, double[] b, double[] c, int inner, int m, int r0, int r1) {
        for (int r = r0; r < r1; r++) {
            int cRow = r * m;
            Arrays.fill(c, cRow, cRow + m, 0.0);
            int aBase = r * aRow;
            for (int k = 0; k < inner; k++) {
                double ark = a[aBase + k * aK];
                int bRow = k * m;
                for (int j = 0; j < m; j++) {
                    c[cRow + j] += ark * b[bRow + j];
                }
            }
        }
    }
}
