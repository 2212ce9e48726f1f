package dev.backprop.engine.product;

/**
 * The operands of one product {@code C = A' B' (+ bias)}, where A' (m x k) and B' (k x n) are read
 * through strides, so one set of kernels serves {@code A B}, {@code Aᵀ B} and {@code A Bᵀ} without
 * transposed copies. Element (i, p) of A' is {@code a[i * aRow + p * aK]}; element (p, j) of B' is
 * {@code b[p * bK + j * bCol]}; C is m x n row-major; bias is null or n values.
 */
public record Product(double[] a, int aRow, int aK, double[] b, int bK, int bCol, double[] c, double[] bias,
        int m, int n, int k) {

    /** {@code A B (+ bias)}, A m x k and B k x n, both row-major. */
    public static Product of(double[] a, double[] b, double[] c, double[] bias, int m, int n, int k) {
        return new Product(a, k, 1, b, n, 1, c, bias, m, n, k);
    }

    /** {@code Aᵀ B}, A k x m and B k x n, both row-major. */
    public static Product transA(double[] a, double[] b, double[] c, int m, int n, int k) {
        return new Product(a, 1, m, b, n, 1, c, null, m, n, k);
    }

    /** {@code A Bᵀ}, A m x k and B n x k, both row-major. */
    public static Product transB(double[] a, double[] b, double[] c, int m, int n, int k) {
        return new Product(a, k, 1, b, 1, k, c, null, m, n, k);
    }

    /** Multiply-adds the product takes. */
    long work() {
        return (long) m * n * k;
    }
}
