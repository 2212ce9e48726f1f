package dev.backprop.engine;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel, in the style of BLIS and GotoBLAS. For each block of {@link #NC} columns
 * of C, K is cut into slices of {@link #KC}; the slice of B' is packed into micro-panels of
 * {@link #NR} columns (k-major, contiguous, zero-padded), then C is computed in blocks of {@link #MC}
 * rows by a register micro-kernel that holds an MR x NR tile while it runs over the slice, one fused
 * multiply-add per element per k. The next slice reloads the tile from C and goes on in k order, so
 * the result is the plain k-order fma sum whatever the blocking. Edge tiles run the same micro-kernel
 * on a scratch tile. Transposed operands cost nothing extra: packing reads them through their strides.
 *
 * <p>Two loop orders, by which operand streams (see {@link #PACK_A}). With 16 registers the block of
 * A is packed into micro-panels of {@link #MR} rows, kept in L2, and each micro-panel of B (in L1)
 * passes over all of them (BLIS's order: a k step reads MR = 5 values of A from L2 against NR = 8 of B).
 * With 32 registers A is read in place, a micro-panel of MR rows stays in L1 and walks the row of C
 * tiles while the packed B block streams from L2; C is then read and written along its rows.
 *
 * <p>Tile shapes follow the registers: with 8 lanes (AVX-512, 32 registers) 6 rows x 4 vectors, 24
 * accumulators, and for products of at most 16 columns 4 vectors of rows x 5 columns (see
 * {@link #alongColumns}) or 6 rows x 2 vectors (see {@link #narrow}); with 4
 * lanes (AVX2, 16 registers) or 2, 5 rows x 2 vectors, 10 accumulators.
 */
final class VectorGemmKernel implements GemmKernel {

    private static final VectorSpecies<Double> S = SimdSpecies.DOUBLE;
    private static final int L = S.length();
    private static final boolean WIDE = L >= 8;
    /**
     * Whether whole micro-panels of A are packed. With 32 registers (AVX-512) the micro-kernel reads
     * A in place through its strides, whether A is row-major or a transpose: the six values of a k step
     * are six loads from six rows (or six neighbours) that stay in L1 while the row of C tiles passes, and
     * copying them first cost more than it saved (docs/benchmarks.md's history has the sittings).
     * Partial panels (fewer than MR rows) are always packed.
     */
    static final boolean PACK_A = !WIDE;
    /** Rows of a micro-tile. */
    static final int MR = WIDE ? 6 : 5;
    /**
     * With 8 lanes, a block's last rows, when there are at most this many, take tiles of 2 rows instead
     * of the 6-row one on a scratch tile: 32 rows (a batch of 32) are 5 tiles of 6 and one of 2.
     */
    static final int SHORT_ROWS = WIDE ? 4 : 0;
    /** Columns of a micro-tile. */
    static final int NR = (WIDE ? 4 : 2) * L;
    /** The K slice: a micro-panel of A (MR x KC) stays in L1 while the micro-panels of B pass. */
    static final int KC = 256;
    /**
     * Rows of A taken at once. Packed (16 registers), the block (MC x KC, 320 KB) stays in L2 while the
     * micro-panels of B pass through L1.
     */
    static final int MC = (PACK_A ? 32 : 16) * MR;
    /**
     * Columns of B packed at once: KC x NC doubles, 1 MB with 512-bit vectors (in L2, streamed past A's
     * rows), 1 MB with 256-bit ones too (read one micro-panel at a time; wider blocks repack A less often).
     */
    static final int NC = (PACK_A ? 64 : 16) * NR;

    private static final class Buffers {
        double[] a = new double[0];
        double[] b = new double[0];
        final double[] tile = new double[Math.max(Math.max(MR * NR, NARROW_ROWS * NARROW),
                COLUMN_VECTORS * L * COLUMN_BLOCK)];
        final double[] bias = new double[NR];

        double[] a(int size) {
            if (a.length < size) {
                a = new double[size];
            }
            return a;
        }

        double[] b(int size) {
            if (b.length < size) {
                b = new double[size];
            }
            return b;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    @Override
    public void multiply(Product p, int r0, int r1, int c0, int c1) {
        if (r0 >= r1 || c0 >= c1) {
            return;
        }
        int k = p.k();
        int n = p.n();
        double[] c = p.c();
        if (k == 0) {
            for (int r = r0; r < r1; r++) {
                for (int j = c0; j < c1; j++) {
                    c[r * n + j] = p.bias() == null ? 0.0 : p.bias()[j];
                }
            }
            return;
        }
        Buffers buffers = BUFFERS.get();
        if (c0 == 0 && c1 == n && n <= NARROW && k <= NARROW_K) {
            if (WIDE && r1 - r0 >= L && (p.aRow() == 1 || (long) (r1 - r0) * k <= ALONG_PACK_LIMIT)) {
                alongColumns(buffers, p, r0, r1);
            } else {
                narrow(buffers, p, r0, r1);
            }
            return;
        }
        for (int jc = c0; jc < c1; jc += NC) {
            int nc = Math.min(NC, c1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                double[] bp = buffers.b((nc + NR - 1) / NR * NR * kc);
                packB(p, pc, kc, jc, nc, bp);
                boolean first = pc == 0;
                double[] bias = pc + kc == k ? p.bias() : null;
                for (int ic = r0; ic < r1; ic += MC) {
                    int mc = Math.min(MC, r1 - ic);
                    if (PACK_A) {
                        packed(buffers, p, ic, mc, pc, kc, jc, nc, bp, first, bias);
                        continue;
                    }
                    double[] ap = buffers.a(MR * kc);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int rows = Math.min(MR, mc - ir);
                        // A's micro-panel in place, or packed when it has fewer than MR rows
                        double[] a = ap;
                        int ao = 0;
                        int aRow = 1;
                        int aK = MR;
                        if (rows == MR) {
                            a = p.a();
                            ao = (ic + ir) * p.aRow() + pc * p.aK();
                            aRow = p.aRow();
                            aK = p.aK();
                        } else {
                            packA(p, ic + ir, rows, pc, kc, ap);
                        }
                        for (int jr = 0; jr < nc; jr += NR) {
                            int cols = Math.min(NR, nc - jr);
                            int co = (ic + ir) * n + jc + jr;
                            if (rows == MR && cols == NR) {
                                micro(a, ao, aRow, aK, bp, jr * kc, kc, c, co, n, first, bias, jc + jr);
                            } else if (rows <= SHORT_ROWS && cols == NR) {
                                for (int i = 0; i < rows; i += 2) {
                                    micro2x4(a, ao + i * aRow, aRow, aK, bp, jr * kc, kc, c, co + i * n, n, first, bias,
                                            jc + jr, Math.min(2, rows - i));
                                }
                            } else {
                                edge(buffers, a, ao, aRow, aK, bp, jr * kc, kc, c, co, n, rows, cols, first, bias,
                                        jc + jr);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Products at most this wide (the outputs of ten classes, say) take narrow tiles: 6 rows x 2 vectors
     * with 8 lanes (in a tile of 4 vectors, 10 columns would leave 22 of every 32 multiply-adds on
     * padding), 3 rows x 3 vectors with 16 registers (12 accumulators would leave too few for B and A;
     * the blocked path's 8-column tiles spent 6 of every 16 columns of a 10-column product on padding).
     */
    static final int NARROW = (WIDE ? 2 : 3) * L;

    /** Rows of a narrow tile. */
    static final int NARROW_ROWS = WIDE ? 6 : 3;

    /**
     * The narrow tiles pack all of B' at once, so only for k up to this: 1 MB of packed B, as a block of
     * the blocked path (a full-batch weight gradient over a million rows takes the blocked path).
     */
    static final int NARROW_K = 8192;

    /**
     * A product at most {@link #NARROW} columns wide: B' packed once into rows of {@link #NARROW}
     * (zero-padded), A read in place, {@link #NARROW_ROWS} rows at a time (the last tile's missing rows
     * read its last row again and are not stored), each tile summed over all of k in registers and
     * written out through a scratch tile.
     */
    private static void narrow(Buffers buffers, Product p, int r0, int r1) {
        int n = p.n();
        int k = p.k();
        double[] b = p.b();
        int bK = p.bK();
        int bCol = p.bCol();
        double[] bp = buffers.b(k * NARROW);
        for (int q = 0; q < k; q++) {
            int dst = q * NARROW;
            for (int j = 0; j < n; j++) {
                bp[dst + j] = b[q * bK + j * bCol];
            }
            for (int j = n; j < NARROW; j++) {
                bp[dst + j] = 0.0;
            }
        }
        double[] a = p.a();
        double[] c = p.c();
        double[] bias = p.bias();
        double[] tile = buffers.tile;
        int aRow = p.aRow();
        for (int r = r0; r < r1; r += NARROW_ROWS) {
            int rows = Math.min(NARROW_ROWS, r1 - r);
            if (WIDE) {
                micro6x2(a, r * aRow, aRow, rows, p.aK(), bp, k, tile);
            } else {
                micro3x3(a, r * aRow, aRow, rows, p.aK(), bp, k, tile);
            }
            for (int i = 0; i < rows; i++) {
                int o = (r + i) * n;
                int t = i * NARROW;
                if (bias == null) {
                    System.arraycopy(tile, t, c, o, n);
                } else {
                    for (int j = 0; j < n; j++) {
                        c[o + j] = tile[t + j] + bias[j];
                    }
                }
            }
        }
    }

    /** Columns of C an along-columns block computes at once. */
    static final int COLUMN_BLOCK = 5;

    /** Vectors down the rows of an along-columns block: 4 x 5 = 20 accumulators. */
    static final int COLUMN_VECTORS = 4;

    /**
     * A row-major A' is transposed for the along-columns blocks only while the copy stays in L1 (32 KB):
     * digits' 32 x 64 x 10 output layer 3.2-3.7 -> 1.9-2.6 us; mnist's 128 x 256 x 10, whose copy
     * reaches L2, went 19-23 -> 26-33 us and keeps the row tiles.
     */
    static final int ALONG_PACK_LIMIT = 4096;

    /**
     * A narrow product with 8 lanes, computed down its rows: each lane a row of C, so none is padding
     * (the row tiles of {@link #narrow} spend 6 of every 16 lanes of a ten-column product on it). A
     * block of {@link #COLUMN_VECTORS} vectors of rows by {@link #COLUMN_BLOCK} columns loads those
     * vectors of A' per k - in place when A' is a transpose (a layer's weight gradient {@code xᵀ δ}),
     * else from a transposed copy (see {@link #ALONG_PACK_LIMIT}) - and broadcasts each column's value
     * of B'. Rows past the last whole vector take the row tiles. Each element is still one fma sum in k
     * order, the bias added after: digits' 64 x 32 x 10 weight gradient 2.6-2.9 -> 1.2-1.4 us, mnist's
     * 256 x 128 x 10 16-18 -> 11-12 us (Zen 4). With 16 registers the row tiles leave 2 of 12 lanes on
     * padding and a 2 x 5 block of vectors gained nothing measurable, so only 8 lanes take this path.
     */
    private static void alongColumns(Buffers buffers, Product p, int r0, int r1) {
        int n = p.n();
        int k = p.k();
        int aK = p.aK();
        int bK = p.bK();
        int bCol = p.bCol();
        double[] a = p.a();
        int aBase = 0;
        if (p.aRow() != 1) {
            // rows [r0, r1) of A' transposed into k-major columns
            int rows = r1 - r0;
            int aRow = p.aRow();
            double[] ap = buffers.a(rows * k);
            for (int i = 0; i < rows; i++) {
                for (int q = 0, src = (r0 + i) * aRow, dst = i; q < k; q++, src += aK, dst += rows) {
                    ap[dst] = a[src];
                }
            }
            a = ap;
            aK = rows;
            aBase = -r0;
        }
        double[] b = p.b();
        double[] c = p.c();
        double[] bias = p.bias();
        double[] tile = buffers.tile;
        int r = r0;
        while (r + L <= r1) {
            int vectors = r + COLUMN_VECTORS * L <= r1 ? COLUMN_VECTORS : 1;
            int rows = vectors * L;
            for (int j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
                int cols = Math.min(COLUMN_BLOCK, n - j0);
                if (vectors == 1) {
                    column1x5(a, aBase + r, aK, b, j0 * bCol, bK, bCol, cols, k, tile);
                } else {
                    column4x5(a, aBase + r, aK, b, j0 * bCol, bK, bCol, cols, k, tile);
                }
                for (int j = 0; j < cols; j++) {
                    int t = j * rows;
                    int o = r * n + j0 + j;
                    if (bias == null) {
                        for (int i = 0; i < rows; i++, o += n) {
                            c[o] = tile[t + i];
                        }
                    } else {
                        double add = bias[j0 + j];
                        for (int i = 0; i < rows; i++, o += n) {
                            c[o] = tile[t + i] + add;
                        }
                    }
                }
            }
            r += rows;
        }
        if (r < r1) {
            narrow(buffers, p, r, r1);
        }
    }

    /**
     * Four vectors of rows by five columns of C over all of k, into {@code tile} column by column;
     * columns past {@code cols} repeat the last.
     */
    private static void column4x5(double[] a, int ao, int aK, double[] b, int bo, int bK, int bCol, int cols, int k,
            double[] tile) {
        int o1 = Math.min(1, cols - 1) * bCol;
        int o2 = Math.min(2, cols - 1) * bCol;
        int o3 = Math.min(3, cols - 1) * bCol;
        int o4 = Math.min(4, cols - 1) * bCol;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c04 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c14 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c23 = c00;
        DoubleVector c24 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c32 = c00;
        DoubleVector c33 = c00;
        DoubleVector c34 = c00;
        for (int q = 0, ai = ao, bi = bo; q < k; q++, ai += aK, bi += bK) {
            DoubleVector a0 = DoubleVector.fromArray(S, a, ai);
            DoubleVector a1 = DoubleVector.fromArray(S, a, ai + L);
            DoubleVector a2 = DoubleVector.fromArray(S, a, ai + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, a, ai + 3 * L);
            DoubleVector x = DoubleVector.broadcast(S, b[bi]);
            c00 = a0.fma(x, c00);
            c10 = a1.fma(x, c10);
            c20 = a2.fma(x, c20);
            c30 = a3.fma(x, c30);
            x = DoubleVector.broadcast(S, b[bi + o1]);
            c01 = a0.fma(x, c01);
            c11 = a1.fma(x, c11);
            c21 = a2.fma(x, c21);
            c31 = a3.fma(x, c31);
            x = DoubleVector.broadcast(S, b[bi + o2]);
            c02 = a0.fma(x, c02);
            c12 = a1.fma(x, c12);
            c22 = a2.fma(x, c22);
            c32 = a3.fma(x, c32);
            x = DoubleVector.broadcast(S, b[bi + o3]);
            c03 = a0.fma(x, c03);
            c13 = a1.fma(x, c13);
            c23 = a2.fma(x, c23);
            c33 = a3.fma(x, c33);
            x = DoubleVector.broadcast(S, b[bi + o4]);
            c04 = a0.fma(x, c04);
            c14 = a1.fma(x, c14);
            c24 = a2.fma(x, c24);
            c34 = a3.fma(x, c34);
        }
        c00.intoArray(tile, 0);
        c10.intoArray(tile, L);
        c20.intoArray(tile, 2 * L);
        c30.intoArray(tile, 3 * L);
        c01.intoArray(tile, 4 * L);
        c11.intoArray(tile, 4 * L + L);
        c21.intoArray(tile, 4 * L + 2 * L);
        c31.intoArray(tile, 4 * L + 3 * L);
        c02.intoArray(tile, 8 * L);
        c12.intoArray(tile, 8 * L + L);
        c22.intoArray(tile, 8 * L + 2 * L);
        c32.intoArray(tile, 8 * L + 3 * L);
        c03.intoArray(tile, 12 * L);
        c13.intoArray(tile, 12 * L + L);
        c23.intoArray(tile, 12 * L + 2 * L);
        c33.intoArray(tile, 12 * L + 3 * L);
        c04.intoArray(tile, 16 * L);
        c14.intoArray(tile, 16 * L + L);
        c24.intoArray(tile, 16 * L + 2 * L);
        c34.intoArray(tile, 16 * L + 3 * L);
    }

    /** As {@link #column4x5} with one vector of rows: the rows past the last whole block. */
    private static void column1x5(double[] a, int ao, int aK, double[] b, int bo, int bK, int bCol, int cols, int k,
            double[] tile) {
        int o1 = Math.min(1, cols - 1) * bCol;
        int o2 = Math.min(2, cols - 1) * bCol;
        int o3 = Math.min(3, cols - 1) * bCol;
        int o4 = Math.min(4, cols - 1) * bCol;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c04 = c00;
        for (int q = 0, ai = ao, bi = bo; q < k; q++, ai += aK, bi += bK) {
            DoubleVector a0 = DoubleVector.fromArray(S, a, ai);
            DoubleVector x = DoubleVector.broadcast(S, b[bi]);
            c00 = a0.fma(x, c00);
            x = DoubleVector.broadcast(S, b[bi + o1]);
            c01 = a0.fma(x, c01);
            x = DoubleVector.broadcast(S, b[bi + o2]);
            c02 = a0.fma(x, c02);
            x = DoubleVector.broadcast(S, b[bi + o3]);
            c03 = a0.fma(x, c03);
            x = DoubleVector.broadcast(S, b[bi + o4]);
            c04 = a0.fma(x, c04);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 1 * L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c04.intoArray(tile, 4 * L);
    }

    /** A 6 x 2-vector tile over all of k, into {@code tile} (rows of {@link #NARROW}); rows past {@code rows} repeat the last. */
    private static void micro6x2(double[] a, int ao, int aRow, int rows, int aK, double[] bp, int k, double[] tile) {
        int o1 = Math.min(1, rows - 1) * aRow;
        int o2 = Math.min(2, rows - 1) * aRow;
        int o3 = Math.min(3, rows - 1) * aRow;
        int o4 = Math.min(4, rows - 1) * aRow;
        int o5 = Math.min(5, rows - 1) * aRow;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c40 = c00;
        DoubleVector c41 = c00;
        DoubleVector c50 = c00;
        DoubleVector c51 = c00;
        for (int q = 0, ai = ao, bi = 0; q < k; q++, ai += aK, bi += NARROW) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ai + o1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ai + o2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ai + o3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[ai + o4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[ai + o5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NARROW);
        c11.intoArray(tile, NARROW + L);
        c20.intoArray(tile, 2 * NARROW);
        c21.intoArray(tile, 2 * NARROW + L);
        c30.intoArray(tile, 3 * NARROW);
        c31.intoArray(tile, 3 * NARROW + L);
        c40.intoArray(tile, 4 * NARROW);
        c41.intoArray(tile, 4 * NARROW + L);
        c50.intoArray(tile, 5 * NARROW);
        c51.intoArray(tile, 5 * NARROW + L);
    }

    /**
     * The block of A (rows {@code [ic, ic + mc)}, k {@code [pc, pc + kc)}) packed whole; each micro-panel
     * of B, kept in L1, then passes over all of the block's micro-panels of A, which stream from L2:
     * with 16 registers A's MR values per k are fewer than B's NR, so A is the operand to stream.
     */
    private static void packed(Buffers buffers, Product p, int ic, int mc, int pc, int kc, int jc, int nc, double[] bp,
            boolean first, double[] bias) {
        double[] ap = buffers.a((mc + MR - 1) / MR * MR * kc);
        packA(p, ic, mc, pc, kc, ap);
        double[] c = p.c();
        int n = p.n();
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int co = (ic + ir) * n + jc + jr;
                if (rows == MR && cols == NR) {
                    micro(ap, ir * kc, 1, MR, bp, jr * kc, kc, c, co, n, first, bias, jc + jr);
                } else {
                    edge(buffers, ap, ir * kc, 1, MR, bp, jr * kc, kc, c, co, n, rows, cols, first, bias, jc + jr);
                }
            }
        }
    }

    /** A partial tile: the full micro-kernel on a scratch tile, then only the real rows and columns copied. */
    private static void edge(Buffers buffers, double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co,
            int ldc, int rows, int cols, boolean first, double[] bias, int bj) {
        double[] tile = buffers.tile;
        Arrays.fill(tile, 0.0);
        if (!first) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, co + r * ldc, tile, r * NR, cols);
            }
        }
        double[] tileBias = null;
        if (bias != null) {
            tileBias = buffers.bias;
            Arrays.fill(tileBias, 0.0);
            System.arraycopy(bias, bj, tileBias, 0, cols);
        }
        micro(a, ao, aRow, aK, bp, bo, kc, tile, 0, NR, first, tileBias, 0);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, co + r * ldc, cols);
        }
    }

    /**
     * Packs rows {@code [ic, ic + mc)} and k {@code [pc, pc + kc)} of A' as micro-panels of MR rows:
     * panel i holds, for each k, its MR values together; rows past the end are zeros.
     */
    private static void packA(Product p, int ic, int mc, int pc, int kc, double[] ap) {
        double[] a = p.a();
        int aRow = p.aRow();
        int aK = p.aK();
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int src = (ic + ir) * aRow + pc * aK;
            int dst = ir * kc;
            if (rows == MR) {
                for (int q = 0; q < kc; q++, src += aK, dst += MR) {
                    for (int r = 0; r < MR; r++) {
                        ap[dst + r] = a[src + r * aRow];
                    }
                }
                continue;
            }
            for (int q = 0; q < kc; q++, src += aK, dst += MR) {
                for (int r = 0; r < MR; r++) {
                    ap[dst + r] = r < rows ? a[src + r * aRow] : 0.0;
                }
            }
        }
    }

    /**
     * Packs k {@code [pc, pc + kc)} and columns {@code [jc, jc + nc)} of B' as micro-panels of NR
     * columns: panel j holds, for each k, its NR values together; columns past the end are zeros.
     */
    private static void packB(Product p, int pc, int kc, int jc, int nc, double[] bp) {
        double[] b = p.b();
        int bK = p.bK();
        int bCol = p.bCol();
        for (int jr = 0; jr < nc; jr += NR) {
            int base = jr * kc;
            int cols = Math.min(NR, nc - jr);
            if (bCol == 1 && cols == NR) {
                // a vector at a time: System.arraycopy's call cost more than copying the row of a panel
                for (int q = 0, src = pc * bK + jc + jr, dst = base; q < kc; q++, src += bK, dst += NR) {
                    for (int v = 0; v < NR; v += L) {
                        DoubleVector.fromArray(S, b, src + v).intoArray(bp, dst + v);
                    }
                }
                continue;
            }
            if (bCol == 1) {
                for (int q = 0; q < kc; q++) {
                    int dst = base + q * NR;
                    System.arraycopy(b, (pc + q) * bK + jc + jr, bp, dst, cols);
                    for (int j = cols; j < NR; j++) {
                        bp[dst + j] = 0.0;
                    }
                }
                continue;
            }
            // B' is a transpose: each of its columns is contiguous in k
            for (int j = 0; j < NR; j++) {
                if (j < cols) {
                    for (int q = 0, src = (jc + jr + j) * bCol + pc * bK; q < kc; q++, src += bK) {
                        bp[base + q * NR + j] = b[src];
                    }
                } else {
                    for (int q = 0; q < kc; q++) {
                        bp[base + q * NR + j] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * A 3 x 3-vector tile over all of k, into {@code tile} (rows of {@link #NARROW}); rows past
     * {@code rows} repeat the last.
     */
    private static void micro3x3(double[] a, int ao, int aRow, int rows, int aK, double[] bp, int k, double[] tile) {
        int o1 = Math.min(1, rows - 1) * aRow;
        int o2 = Math.min(2, rows - 1) * aRow;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        for (int q = 0, ai = ao, bi = 0; q < k; q++, ai += aK, bi += NARROW) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = DoubleVector.broadcast(S, a[ai + o1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = DoubleVector.broadcast(S, a[ai + o2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, NARROW);
        c11.intoArray(tile, NARROW + L);
        c12.intoArray(tile, NARROW + 2 * L);
        c20.intoArray(tile, 2 * NARROW);
        c21.intoArray(tile, 2 * NARROW + L);
        c22.intoArray(tile, 2 * NARROW + 2 * L);
    }

    /**
     * One MR x NR tile of C over a K slice. Element (r, q) of A's micro-panel is
     * {@code a[ao + r * aRow + q * aK]}; B's micro-panel is packed. The 16-register kernel reads A only
     * packed ({@code aRow = 1, aK = MR}) and takes those strides as constants: with variable ones C2 keeps
     * a bounds check and a reload per value in the loop, and the AVX2 kernel ran at two thirds of its speed.
     */
    private static void micro(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c, int co,
            int ldc, boolean first, double[] bias, int bj) {
        if (WIDE) {
            micro6x4(a, ao, aRow, aK, bp, bo, kc, c, co, ldc, first, bias, bj);
        } else {
            micro5x2(a, ao, bp, bo, kc, c, co, ldc, first, bias, bj);
        }
    }

    /** A vector of columns at a time, its lanes summed down the rows: each column's adds in row order. */
    @Override
    public void sumColumns(double[] a, int rows, int cols, double[] out) {
        int j = 0;
        for (; j + L <= cols; j += L) {
            DoubleVector s = DoubleVector.zero(S);
            for (int i = 0, o = j; i < rows; i++, o += cols) {
                s = s.add(DoubleVector.fromArray(S, a, o));
            }
            s.intoArray(out, j);
        }
        for (; j < cols; j++) {
            double s = 0.0;
            for (int i = 0, o = j; i < rows; i++, o += cols) {
                s += a[o];
            }
            out[j] = s;
        }
    }

    @Override
    public int rowTile() {
        return MR;
    }

    @Override
    public int columnTile() {
        return NR;
    }

    @Override
    public String describe() {
        return "vector " + S.vectorBitSize() + "-bit, " + MR + " x " + NR + " tiles";
    }

    /**
     * A 2 x 4-vector tile for the last rows of a block (from their packed panel), written straight to C;
     * with {@code rows} 1 the second row reads the first again and is not stored.
     */
    private static void micro2x4(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c,
            int co, int ldc, boolean first, double[] bias, int bj, int rows) {
        int a1 = Math.min(1, rows - 1) * aRow;
        int o0 = co;
        int o1 = co + Math.min(1, rows - 1) * ldc;
        DoubleVector c00, c01, c02, c03;
        DoubleVector c10, c11, c12, c13;
        if (first) {
            c00 = DoubleVector.zero(S);
            c01 = c02 = c03 = c10 = c11 = c12 = c13 = c00;
        } else {
            c00 = DoubleVector.fromArray(S, c, o0);
            c01 = DoubleVector.fromArray(S, c, o0 + L);
            c02 = DoubleVector.fromArray(S, c, o0 + 2 * L);
            c03 = DoubleVector.fromArray(S, c, o0 + 3 * L);
            c10 = DoubleVector.fromArray(S, c, o1);
            c11 = DoubleVector.fromArray(S, c, o1 + L);
            c12 = DoubleVector.fromArray(S, c, o1 + 2 * L);
            c13 = DoubleVector.fromArray(S, c, o1 + 3 * L);
        }
        for (int q = 0, ai = ao; q < kc; q++, ai += aK) {
            int bi = bo + q * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, bp, bi + 3 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = DoubleVector.broadcast(S, a[ai + a1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
        }
        if (bias != null) {
            DoubleVector v0 = DoubleVector.fromArray(S, bias, bj);
            DoubleVector v1 = DoubleVector.fromArray(S, bias, bj + L);
            DoubleVector v2 = DoubleVector.fromArray(S, bias, bj + 2 * L);
            DoubleVector v3 = DoubleVector.fromArray(S, bias, bj + 3 * L);
            c00 = c00.add(v0); c01 = c01.add(v1); c02 = c02.add(v2); c03 = c03.add(v3);
            c10 = c10.add(v0); c11 = c11.add(v1); c12 = c12.add(v2); c13 = c13.add(v3);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
        if (rows > 1) {
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + L);
            c12.intoArray(c, o1 + 2 * L);
            c13.intoArray(c, o1 + 3 * L);
        }
    }

    /** A 6 x 4-vector tile: 24 accumulators, 4 loads of B and 6 broadcasts of A per k. */
    private static void micro6x4(double[] a, int ao, int aRow, int aK, double[] bp, int bo, int kc, double[] c,
            int co, int ldc, boolean first, double[] bias, int bj) {
        int o0 = co;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        int o5 = o4 + ldc;
        DoubleVector c00, c01, c02, c03;
        DoubleVector c10, c11, c12, c13;
        DoubleVector c20, c21, c22, c23;
        DoubleVector c30, c31, c32, c33;
        DoubleVector c40, c41, c42, c43;
        DoubleVector c50, c51, c52, c53;
        if (first) {
            c00 = DoubleVector.zero(S);
            c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c00;
            c21 = c22 = c23 = c30 = c31 = c32 = c33 = c40 = c00;
            c41 = c42 = c43 = c50 = c51 = c52 = c53 = c00;
        } else {
            c00 = DoubleVector.fromArray(S, c, o0);
            c01 = DoubleVector.fromArray(S, c, o0 + L);
            c02 = DoubleVector.fromArray(S, c, o0 + 2 * L);
            c03 = DoubleVector.fromArray(S, c, o0 + 3 * L);
            c10 = DoubleVector.fromArray(S, c, o1);
            c11 = DoubleVector.fromArray(S, c, o1 + L);
            c12 = DoubleVector.fromArray(S, c, o1 + 2 * L);
            c13 = DoubleVector.fromArray(S, c, o1 + 3 * L);
            c20 = DoubleVector.fromArray(S, c, o2);
            c21 = DoubleVector.fromArray(S, c, o2 + L);
            c22 = DoubleVector.fromArray(S, c, o2 + 2 * L);
            c23 = DoubleVector.fromArray(S, c, o2 + 3 * L);
            c30 = DoubleVector.fromArray(S, c, o3);
            c31 = DoubleVector.fromArray(S, c, o3 + L);
            c32 = DoubleVector.fromArray(S, c, o3 + 2 * L);
            c33 = DoubleVector.fromArray(S, c, o3 + 3 * L);
            c40 = DoubleVector.fromArray(S, c, o4);
            c41 = DoubleVector.fromArray(S, c, o4 + L);
            c42 = DoubleVector.fromArray(S, c, o4 + 2 * L);
            c43 = DoubleVector.fromArray(S, c, o4 + 3 * L);
            c50 = DoubleVector.fromArray(S, c, o5);
            c51 = DoubleVector.fromArray(S, c, o5 + L);
            c52 = DoubleVector.fromArray(S, c, o5 + 2 * L);
            c53 = DoubleVector.fromArray(S, c, o5 + 3 * L);
        }
        for (int q = 0, ai = ao; q < kc; q++, ai += aK) {
            int bi = bo + q * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector b2 = DoubleVector.fromArray(S, bp, bi + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, bp, bi + 3 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = DoubleVector.broadcast(S, a[ai + 1 * aRow]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = DoubleVector.broadcast(S, a[ai + 2 * aRow]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = DoubleVector.broadcast(S, a[ai + 3 * aRow]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            x = DoubleVector.broadcast(S, a[ai + 4 * aRow]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = DoubleVector.broadcast(S, a[ai + 5 * aRow]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
        }
        if (bias != null) {
            DoubleVector v0 = DoubleVector.fromArray(S, bias, bj);
            DoubleVector v1 = DoubleVector.fromArray(S, bias, bj + L);
            DoubleVector v2 = DoubleVector.fromArray(S, bias, bj + 2 * L);
            DoubleVector v3 = DoubleVector.fromArray(S, bias, bj + 3 * L);
            c00 = c00.add(v0); c01 = c01.add(v1); c02 = c02.add(v2); c03 = c03.add(v3);
            c10 = c10.add(v0); c11 = c11.add(v1); c12 = c12.add(v2); c13 = c13.add(v3);
            c20 = c20.add(v0); c21 = c21.add(v1); c22 = c22.add(v2); c23 = c23.add(v3);
            c30 = c30.add(v0); c31 = c31.add(v1); c32 = c32.add(v2); c33 = c33.add(v3);
            c40 = c40.add(v0); c41 = c41.add(v1); c42 = c42.add(v2); c43 = c43.add(v3);
            c50 = c50.add(v0); c51 = c51.add(v1); c52 = c52.add(v2); c53 = c53.add(v3);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c12.intoArray(c, o1 + 2 * L);
        c13.intoArray(c, o1 + 3 * L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c22.intoArray(c, o2 + 2 * L);
        c23.intoArray(c, o2 + 3 * L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c32.intoArray(c, o3 + 2 * L);
        c33.intoArray(c, o3 + 3 * L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c42.intoArray(c, o4 + 2 * L);
        c43.intoArray(c, o4 + 3 * L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c52.intoArray(c, o5 + 2 * L);
        c53.intoArray(c, o5 + 3 * L);
    }

    /**
     * A 5 x 2-vector tile: 10 accumulators, 2 loads of B and 5 broadcasts of A per k. Not 6 x 2: with
     * 16 registers C2 then spills an accumulator to the stack, which puts a store and a reload into
     * every k step, which costs the kernel about half its speed.
     */
    private static void micro5x2(double[] a, int ao, double[] bp, int bo, int kc, double[] c,
            int co, int ldc, boolean first, double[] bias, int bj) {
        int o0 = co;
        int o1 = o0 + ldc;
        int o2 = o1 + ldc;
        int o3 = o2 + ldc;
        int o4 = o3 + ldc;
        DoubleVector c00, c01;
        DoubleVector c10, c11;
        DoubleVector c20, c21;
        DoubleVector c30, c31;
        DoubleVector c40, c41;
        if (first) {
            c00 = DoubleVector.zero(S);
            c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c00;
        } else {
            c00 = DoubleVector.fromArray(S, c, o0);
            c01 = DoubleVector.fromArray(S, c, o0 + L);
            c10 = DoubleVector.fromArray(S, c, o1);
            c11 = DoubleVector.fromArray(S, c, o1 + L);
            c20 = DoubleVector.fromArray(S, c, o2);
            c21 = DoubleVector.fromArray(S, c, o2 + L);
            c30 = DoubleVector.fromArray(S, c, o3);
            c31 = DoubleVector.fromArray(S, c, o3 + L);
            c40 = DoubleVector.fromArray(S, c, o4);
            c41 = DoubleVector.fromArray(S, c, o4 + L);
        }
        for (int q = 0; q < kc; q++) {
            int ai = ao + q * MR;
            int bi = bo + q * NR;
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
        }
        if (bias != null) {
            DoubleVector v0 = DoubleVector.fromArray(S, bias, bj);
            DoubleVector v1 = DoubleVector.fromArray(S, bias, bj + L);
            c00 = c00.add(v0); c01 = c01.add(v1);
            c10 = c10.add(v0); c11 = c11.add(v1);
            c20 = c20.add(v0); c21 = c21.add(v1);
            c30 = c30.add(v0); c31 = c31.add(v1);
            c40 = c40.add(v0); c41 = c41.add(v1);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
    }
}
