package dev.backprop.engine.product;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs every path of {@link Gemm} on every shape it accepts, in the three forms ({@code A B} with and
 * without a bias, {@code Aᵀ B}, {@code A Bᵀ}), at this JVM's tuning, and compares each C and B's column
 * sums with the textbook loops bit for bit. {@link GemmPathsTests} runs it here and, through the width tests, in a
 * JVM per forced vector width, so every path runs at every width on any host.
 */
public final class GemmPaths {

    private GemmPaths() {
    }

    /**
     * m x k x n: tiny ones; ones of one to four columns whose row counts leave every remainder of the
     * register loops, shallow (k up to 4) and not; skinny ones (up to two vectors of eight) with partial
     * tiles, and one deeper than a skinny block takes at once; ones that vectors down the rows take (8,
     * 24, 32, 32 + 8 and 32 + 8 + 8 rows, with and without rows left); wide ones whose last rows take the
     * short-rows tiles, over one k slice and over two, and partial tiles of every kind; one with two
     * blocks of columns and two k slices; empty ones and ones with no k.
     */
    public static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 2}, {6, 8, 32}, {7, 9, 33}, {17, 33, 9}, {130, 200, 70},
        {97, 257, 65}, {13, 600, 530}, {200, 2, 3}, {5, 300, 4}, {2, 200, 3}, {9, 3, 1}, {7, 4, 2}, {3, 200, 2},
        {6, 3, 1}, {201, 3, 2}, {32, 64, 10}, {64, 32, 10}, {7, 300, 16}, {13, 5, 11}, {5, 7, 12},
        {3, 9000, 10}, {7, 2, 3}, {1, 2, 3}, {5, 2, 2}, {4, 1, 2}, {3, 4, 1}, {8, 420, 5}, {37, 90, 6},
        {45, 40, 11}, {53, 320, 1}, {64, 64, 16}, {40, 103, 4}, {24, 70, 10}, {32, 64, 64}, {45, 300, 64},
        {7, 8200, 3}, {56, 20, 17}, {200, 4, 4}, {41, 33, 24}, {1, 257, 1000}, {11, 300, 64}, {6, 5, 2},
        {3, 0, 2}, {4, 0, 4}, {0, 5, 3}, {3, 5, 0}};

    public static void main(String[] args) {
        List<String> wrong = check();
        System.out.println(Gemm.describe() + ": " + wrong.size() + " products differ from the textbook loop"
                + (wrong.isEmpty() ? "" : ", e.g. " + wrong.subList(0, Math.min(5, wrong.size()))));
    }

    /** The products whose bits differ from the textbook loop's, described; empty when every path is exact. */
    public static List<String> check() {
        List<String> wrong = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        for (int[] shape : SHAPES) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            double[] a = normal(random, m * k);
            double[] at = normal(random, k * m);
            double[] b = normal(random, k * n);
            double[] bt = normal(random, n * k);
            double[] bias = normal(random, n);
            List<Product> forms = List.of(Product.of(a, b, new double[m * n], null, m, n, k),
                    Product.of(a, b, new double[m * n], bias, m, n, k),
                    Product.transA(at, b, new double[m * n], m, n, k),
                    Product.transB(a, bt, new double[m * n], m, n, k));
            for (Product p : forms) {
                double[] expected = textbook(p);
                for (Gemm.Path path : Gemm.Path.values()) {
                    if (!path.accepts(Gemm.TUNING, p)) {
                        continue;
                    }
                    Arrays.fill(p.c(), Double.NaN);
                    double[] sums = new double[n];
                    Arrays.fill(sums, Double.NaN);
                    Gemm.run(Gemm.TUNING, p, path, sums);
                    if (!Arrays.equals(p.c(), expected) || !Arrays.equals(sums, textbookSums(p))) {
                        wrong.add(path + " " + Arrays.toString(shape) + (p.aRow() == 1 ? " aT b" : p.bK() == 1 ? " a bT"
                                : p.bias() != null ? " a b + bias" : " a b"));
                    }
                }
            }
        }
        // sums of -0.0 stay -0.0 without a bias (one written as s + 0.0 would give +0.0)
        for (int[] shape : SHAPES) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            double[] a = new double[m * k];
            double[] b = new double[k * n];
            Arrays.fill(a, 1e-170);
            Arrays.fill(b, -1e-170);
            Product p = Product.of(a, b, new double[m * n], null, m, n, k);
            double[] expected = textbook(p);
            for (Gemm.Path path : Gemm.Path.values()) {
                if (path.accepts(Gemm.TUNING, p)) {
                    Gemm.run(Gemm.TUNING, p, path, null);
                    if (!Arrays.equals(p.c(), expected)) {
                        wrong.add(path + " " + Arrays.toString(shape) + " -0.0");
                    }
                }
            }
        }
        return wrong;
    }

    /** Each element one fused multiply-add per k in k order from 0, then the bias. */
    static double[] textbook(Product p) {
        double[] c = new double[p.m() * p.n()];
        for (int i = 0; i < p.m(); i++) {
            for (int j = 0; j < p.n(); j++) {
                double s = 0;
                for (int q = 0; q < p.k(); q++) {
                    s = Math.fma(p.a()[i * p.aRow() + q * p.aK()], p.b()[q * p.bK() + j * p.bCol()], s);
                }
                c[i * p.n() + j] = p.bias() == null ? s : s + p.bias()[j];
            }
        }
        return c;
    }

    /** {@code Σ_q B'[q][j]} in q order from 0, with plain adds. */
    static double[] textbookSums(Product p) {
        double[] sums = new double[p.n()];
        for (int j = 0; j < p.n(); j++) {
            double s = 0;
            for (int q = 0; q < p.k(); q++) {
                s += p.b()[q * p.bK() + j * p.bCol()];
            }
            sums[j] = s;
        }
        return sums;
    }

    private static double[] normal(SplittableRandom random, int size) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }
}
