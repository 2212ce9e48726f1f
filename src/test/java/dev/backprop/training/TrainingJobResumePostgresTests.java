package dev.backprop.training;

import dev.backprop.support.PostgresAvailability;
import dev.backprop.support.PostgresServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

/** Resume from checkpoints on PostgreSQL, the production database: a schema of its own per test. */
@ExtendWith(PostgresAvailability.class)
class TrainingJobResumePostgresTests extends TrainingJobResumeTests {

    private PostgresServer server;

    @Override
    List<String> database(Path dir) {
        server = new PostgresServer("backprop_test_resume_");
        return server.arguments();
    }

    @Override
    void dropDatabase() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
