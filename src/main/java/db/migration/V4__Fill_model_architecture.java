package db.migration;

import dev.backprop.engine.ModelCodec;
import dev.backprop.engine.TrainedModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills {@code model.architecture} (added by V3) for models stored before it, from their weights,
 * then makes it required. Written with plain maps so that it keeps the shape of V4's day whatever
 * the service's records become.
 */
public class V4__Fill_model_architecture extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        JsonMapper json = new JsonMapper();
        try (Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT id, weights FROM model WHERE architecture IS NULL");
                PreparedStatement update = connection.prepareStatement("UPDATE model SET architecture = ? WHERE id = ?")) {
            while (rows.next()) {
                TrainedModel model = ModelCodec.fromBytes(rows.getBytes("weights"));
                Map<String, Object> architecture = new LinkedHashMap<>();
                architecture.put("inputs", model.network().inputs());
                architecture.put("layers", model.network().specs().stream().map(s -> {
                    Map<String, Object> layer = new LinkedHashMap<>();
                    layer.put("units", s.units());
                    layer.put("activation", s.activation().name());
                    layer.put("bias", s.bias());
                    layer.put("dropout", s.dropout());
                    return layer;
                }).toList());
                architecture.put("featureNames", model.featureNames());
                architecture.put("targetNames", model.targetNames());
                architecture.put("labels", model.labels());
                architecture.put("standardized", model.standardizer() != null);
                update.setString(1, json.writeValueAsString(architecture));
                update.setObject(2, rows.getObject("id", UUID.class));
                update.addBatch();
            }
            update.executeBatch();
        }
        try (Statement alter = connection.createStatement()) {
            alter.execute("ALTER TABLE model ALTER COLUMN architecture SET NOT NULL");
        }
    }
}
