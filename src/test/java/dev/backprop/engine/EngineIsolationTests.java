package dev.backprop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine is plain Java: the service adapts to it, never the reverse. */
class EngineIsolationTests {

    @Test
    void importsOnlyTheJdk() throws IOException {
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/backprop/engine"))) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("import ") && !line.matches("import (static )?(java|jdk\\.incubator\\.vector)\\..*")) {
                        foreign.add(file.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertThat(foreign).isEmpty();
    }
}
