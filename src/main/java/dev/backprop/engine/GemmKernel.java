package dev.backprop.engine;

/**
 * The product kernel behind {@link MatrixOps}: {@code C[rows r0..r1) = A' * B} where A' is read
 * through strides, so one kernel serves both {@code A * B} (A' = A) and {@code Aᵀ * B} (A' = Aᵀ).
 * Every element of C is {@code s += a[k] * b[k]} over k = 0, 1, ..., K-1 in that order, starting
 * from 0, with the product rounded before the sum (no fused multiply-add, which measured no faster
 * here and rounds differently from the textbook loop): the vectorized and the scalar kernels give
 * the same bits, whatever the tiling or the number of threads.
 */
interface GemmKernel {

    /**
     * @param a the left operand's array; element (r, k) of A' is {@code a[r * aRow + k * aK]}
     * @param b the right operand, K x m row-major
     * @param c the output, row-major with m columns; rows {@code [r0, r1)} are overwritten
     */
    void multiply(double[] a, int aRow, int aK, double[] b, double[] c, int inner, int m, int r0, int r1);

    /** The fastest kernel this JVM offers: the Vector API when its module is present, else scalar. */
    static GemmKernel best() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (GemmKernel) Class.forName("dev.backprop.engine.VectorGemmKernel")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarGemmKernel();
            }
        }
        return new ScalarGemmKernel();
    }
}
