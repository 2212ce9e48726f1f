package dev.backprop.training;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends history points with one JDBC batch, in the caller's transaction: a thousand entities
 * through the persistence context cost a Britz-sized job a sixth of its time.
 */
@Component
class HistoryWriter {

    private static final String INSERT = "INSERT INTO training_history (job_id, epoch, train_loss, validation_loss,"
            + " train_metric, validation_metric, learning_rate) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;

    HistoryWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void append(UUID jobId, List<EpochFigures> points) {
        if (points.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(INSERT, points, 256, (PreparedStatement ps, EpochFigures p) -> {
            ps.setObject(1, jobId);
            ps.setInt(2, p.epoch());
            setDouble(ps, 3, p.trainLoss());
            setDouble(ps, 4, p.validationLoss());
            setDouble(ps, 5, p.trainMetric());
            setDouble(ps, 6, p.validationMetric());
            setDouble(ps, 7, p.learningRate());
        });
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
