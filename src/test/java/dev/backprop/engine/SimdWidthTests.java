package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The same seed and spec give bit-identical weights, and every product path the textbook loop's bits,
 * at every vector width: each width is forced
 * in a JVM of its own ({@value Simd#PROPERTY} is read once, when the kernels load), including
 * widths wider than this CPU's, which the Vector API then runs in Java.
 */
class SimdWidthTests {

    private static List<String> fingerprint(String width) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-D" + Simd.PROPERTY + "=" + width, "-cp", System.getProperty("java.class.path"),
                WidthFingerprint.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return List.of(out.strip().split("\n"));
    }

    @Test
    void everyWidthGivesTheSameBits() throws Exception {
        List<String> kernels = new ArrayList<>();
        List<String> bits = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (String width : List.of("scalar", "128", "256", "512")) {
            List<String> lines = fingerprint(width);
            kernels.add(lines.get(0));
            bits.add(lines.get(1));
            paths.add(lines.get(2));
        }
        assertThat(kernels).containsExactly("scalar | scalar", "vector 128-bit, 5 x 4 tiles | vector 128-bit",
                "vector 256-bit, 5 x 8 tiles | vector 256-bit", "vector 512-bit, 6 x 32 tiles | vector 512-bit");
        assertThat(bits).as("weights and transcendentals at scalar, 128, 256 and 512 bits").containsOnly(bits.get(0));
        assertThat(paths).as("every product path at every width").containsExactly(
                "scalar: 0 products differ from the textbook loop",
                "vector 128-bit, 5 x 4 tiles: 0 products differ from the textbook loop",
                "vector 256-bit, 5 x 8 tiles: 0 products differ from the textbook loop",
                "vector 512-bit, 6 x 32 tiles: 0 products differ from the textbook loop");
    }
}
