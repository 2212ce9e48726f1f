package db.migration;

import dev.backprop.training.EpochFigures;
import dev.backprop.training.HistoryCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves each job's history rows (training_history, a row per point) into one segment of
 * training_history_segment (V13), then drops the rows' table. Reads the rows in job and epoch
 * order, some thousands at a time, so that one job's points are what it holds in memory.
 */
public class V14__Pack_training_history extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement select = connection.createStatement();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO training_history_segment"
                        + " (job_id, first_epoch, last_epoch, points) VALUES (?, ?, ?, ?)")) {
            // PostgreSQL reads a result whole unless given a fetch size (within the migration's transaction)
            select.setFetchSize(10_000);
            ResultSet rows = select.executeQuery("SELECT job_id, epoch, train_loss, validation_loss, train_metric,"
                    + " validation_metric, learning_rate FROM training_history ORDER BY job_id, epoch");
            UUID job = null;
            List<EpochFigures> points = new ArrayList<>();
            while (rows.next()) {
                UUID next = rows.getObject(1, UUID.class);
                if (!next.equals(job)) {
                    add(insert, job, points);
                    job = next;
                }
                points.add(new EpochFigures(rows.getInt(2), value(rows, 3), value(rows, 4), value(rows, 5), value(rows, 6),
                        value(rows, 7)));
            }
            add(insert, job, points);
        }
        try (Statement drop = connection.createStatement()) {
            drop.execute("DROP TABLE training_history");
        }
    }

    private static void add(PreparedStatement insert, UUID job, List<EpochFigures> points) throws SQLException {
        if (points.isEmpty()) {
            return;
        }
        insert.setObject(1, job);
        insert.setInt(2, points.getFirst().epoch());
        insert.setInt(3, points.getLast().epoch());
        insert.setBytes(4, HistoryCodec.encode(points));
        insert.executeUpdate();
        points.clear();
    }

    private static Double value(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }
}
