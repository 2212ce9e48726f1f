package dev.backprop.engine.product;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every path at this JVM's width (the width tests run {@link GemmPaths} at every other). */
class GemmPathsTests {

    @Test
    void everyPathGivesTheTextbookBits() {
        assertThat(GemmPaths.check()).isEmpty();
    }

    @Test
    void theDispatcherChoosesByShape() {
        Tuning t = Gemm.TUNING;
        assertThat(Gemm.choose(t, Product.of(new double[400], new double[6], new double[600], null, 200, 3, 2)))
                .isEqualTo(Gemm.Path.SHALLOW);
        assertThat(Gemm.choose(t, Product.transA(new double[600], new double[400], new double[6], 3, 2, 200)))
                .isEqualTo(Gemm.Path.TWO_COLUMNS);
        assertThat(Gemm.choose(t, Product.transA(new double[400], new double[600], new double[6], 2, 3, 200)))
                .isEqualTo(Gemm.Path.NARROW);
        assertThat(Gemm.choose(t, Product.of(new double[300], new double[300], new double[100], null, 10, 10, 30)))
                .isEqualTo(Gemm.Path.ROWS);
        assertThat(Gemm.choose(t, Product.of(new double[256 * 256], new double[256 * 256], new double[256 * 256], null,
                256, 256, 256))).isEqualTo(Gemm.Path.BLOCKED);
        // ten classes: skinny where the tuning's skinny tiles are that wide; the weight gradient, whose A'
        // is a transpose, down the rows where the tuning has that kernel
        boolean skinny = t.skinny() != null && t.skinny().nr() >= 10;
        assertThat(Gemm.choose(t, Product.of(new double[128 * 256], new double[2560], new double[1280], null, 128, 10,
                256))).isEqualTo(skinny ? Gemm.Path.SKINNY : Gemm.Path.BLOCKED);
        assertThat(Gemm.choose(t, Product.transA(new double[128 * 256], new double[1280], new double[2560], 256, 10,
                128))).isEqualTo(!skinny ? Gemm.Path.BLOCKED : t.down() != null ? Gemm.Path.DOWN_ROWS : Gemm.Path.SKINNY);
        // a row-major A' goes down the rows only while its transposed copy stays small
        if (skinny && t.down() != null) {
            assertThat(Gemm.choose(t, Product.of(new double[64 * 64], new double[64 * 16], new double[64 * 16], null, 64,
                    16, 64))).isEqualTo(Gemm.Path.DOWN_ROWS);
            assertThat(Gemm.choose(t, Product.of(new double[40 * 103], new double[103 * 4], new double[160], null, 40, 4,
                    103))).isEqualTo(Gemm.Path.SKINNY);
        }
    }
}
