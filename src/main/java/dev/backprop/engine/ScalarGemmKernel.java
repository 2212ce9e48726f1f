package dev.backprop.engine;

/**
 * The portable kernel, used when the Vector API is absent or {@code backprop.engine.simd=scalar}:
 * for each row of C, k outer and j inner, each step a fused multiply-add, so every element sums k
 * in order exactly as the vector kernel does.
 */
final class ScalarGemmKernel implements GemmKernel {

    @Override
    public void multiply(Product p, int r0, int r1, int c0, int c1) {
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
