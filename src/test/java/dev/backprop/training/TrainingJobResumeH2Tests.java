package dev.backprop.training;

import java.nio.file.Path;
import java.util.List;

/** Resume from checkpoints on H2 in a file, the default database. */
class TrainingJobResumeH2Tests extends TrainingJobResumeTests {

    @Override
    List<String> database(Path dir) {
        return List.of("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("backprop") + ";DB_CLOSE_ON_EXIT=FALSE");
    }
}
