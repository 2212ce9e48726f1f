package dev.backprop.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backprop.engine.Activation;
import dev.backprop.engine.Initializer;
import dev.backprop.engine.LayerSpec;
import dev.backprop.engine.ModelCodec;
import dev.backprop.engine.Network;
import dev.backprop.engine.Task;
import dev.backprop.engine.TrainedModel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Models stored before the architecture column get it filled from their weights, readable as the service reads it. */
class ModelArchitectureMigrationTests {

    private static final String URL = "jdbc:h2:mem:architecture-migration;DB_CLOSE_DELAY=-1";

    @Test
    void fillsTheArchitectureOfModelsStoredBeforeIt() throws Exception {
        Flyway.configure().dataSource(URL, "sa", "").target("3").load().migrate();
        TrainedModel model = new TrainedModel(Task.CLASSIFICATION, Network.create(2,
                List.of(new LayerSpec(3, Activation.TANH, true, 0.25), new LayerSpec(2, Activation.SOFTMAX, false, 0)),
                Initializer.HE, 1), null, List.of("a", "b"), List.of("label"), List.of("no", "yes"));
        UUID id = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(URL, "sa", "");
                PreparedStatement insert = c.prepareStatement("INSERT INTO model (id, name, version, task, weights,"
                        + " created_at) VALUES (?, 'old', 1, 'CLASSIFICATION', ?, ?)")) {
            insert.setObject(1, id);
            insert.setBytes(2, ModelCodec.toBytes(model));
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }

        Flyway.configure().dataSource(URL, "sa", "").load().migrate();

        try (Connection c = DriverManager.getConnection(URL, "sa", "");
                ResultSet row = c.createStatement().executeQuery("SELECT architecture FROM model")) {
            assertThat(row.next()).isTrue();
            Architecture architecture = new JsonMapper().readValue(row.getString(1), Architecture.class);
            assertThat(architecture).isEqualTo(new Architecture(2, List.of(
                    new LayerSummary(3, Activation.TANH, true, 0.25),
                    new LayerSummary(2, Activation.SOFTMAX, false, 0.0)),
                    List.of("a", "b"), List.of("label"), List.of("no", "yes"), false, null));
            assertThat(row.next()).isFalse();
        }
    }
}
