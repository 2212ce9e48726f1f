package dev.backprop.engine.product;

/**
 * How the blocked loop cuts a product for one micro-kernel, in BLIS's terms: columns of C in blocks of
 * {@code nc}, k in slices of {@code kc} (B's slice packed once per block), rows in blocks of
 * {@code mc}, and the kernel's tiles inside. A is read in place unless the kernel reads it only packed.
 * A block's last rows, when {@code shortRows} (a kernel of fewer rows) fits them with room to spare,
 * take its tiles rather than the kernel's on a scratch tile: 32 rows (a batch of 32) are five tiles of
 * six and one of two, not of six.
 */
record Blocking(MicroKernel kernel, MicroKernel shortRows, int kc, int mc, int nc) {

    Blocking {
        if (mc % kernel.rows() != 0 || nc % kernel.columns() != 0) {
            throw new IllegalArgumentException("blocks must hold whole tiles");
        }
        if (shortRows != null && (shortRows.columns() != kernel.columns() || shortRows.packedA())) {
            // its rows are read from the kernel's panels, whose row stride is the kernel's
            throw new IllegalArgumentException("a short-rows kernel has its kernel's columns and reads A in place");
        }
    }

    Blocking(MicroKernel kernel, int kc, int mc, int nc) {
        this(kernel, null, kc, mc, nc);
    }

    int mr() {
        return kernel.rows();
    }

    int nr() {
        return kernel.columns();
    }
}
