package dev.backprop.engine.product;

/**
 * A register tile of {@link #rows()} x {@link #columns()} elements of C over one slice of k: the one
 * type every blocked path's kernel is, chosen from the {@link Tuning}. Element (r, q) of
 * A's micro-panel is {@code a[ao + r * aRow + q * aK]}; B's micro-panel is packed k-major,
 * {@link #columns()} values per k from {@code bo}. When {@code first} the tile starts from 0, else from
 * the values in C, and goes on in k order with one fused multiply-add per element per k; when
 * {@code bias} is not null (the last slice) {@code bias[bj + j]} is added to column j after the sum.
 * C's rows are {@code ldc} apart from {@code co}. So each element is the plain k-order fma sum however
 * k is sliced.
 */
abstract class MicroKernel {

    private final int rows;
    private final int columns;
    private final boolean packedA;

    /**
     * @param packedA whether the kernel reads A only packed ({@code aRow = 1}, {@code aK = rows}), taking
     * those strides as constants
     */
    MicroKernel(int rows, int columns, boolean packedA) {
        this.rows = rows;
        this.columns = columns;
        this.packedA = packedA;
    }

    final int rows() {
        return rows;
    }

    final int columns() {
        return columns;
    }

    final boolean packedA() {
        return packedA;
    }

    /**
     * Packs rows {@code [ic, ic + mc)}, k {@code [pc, pc + kc)} of A' as this kernel's micro-panels
     * ({@link Packing#packA}). A kernel that reads A packed overrides it with its row count a constant,
     * as BLIS pairs each micro-kernel with its packing kernel: with a variable count the copy's short
     * loops cost as much as a small product's arithmetic.
     */
    void packA(Product p, int ic, int mc, int pc, int kc, double[] ap) {
        Packing.packA(p, ic, mc, pc, kc, rows, ap);
    }

    /** Packs k {@code [pc, pc + kc)}, columns {@code [jc, jc + nc)} of B' as this kernel's micro-panels ({@link Packing#packB}). */
    void packB(Product p, int pc, int kc, int jc, int nc, double[] bp) {
        Packing.packB(p, pc, kc, jc, nc, columns, bp);
    }

    abstract void tile(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co, int ldc,
            boolean first, double[] bias, int bj);
}
