package dev.backprop.training;

import dev.backprop.engine.CheckpointCodec;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Running jobs' latest checkpoints, one row per job, replaced as training goes on. */
@Component
class CheckpointStore {

    /** A stored checkpoint: the epoch it was taken after, the engine's state, the job's best figures then. */
    record Saved(int epoch, byte[] state, Integer bestEpoch, Double bestLoss) {

        /** Whether this engine reads it: one written by another version starts the job afresh. */
        boolean readable() {
            try {
                CheckpointCodec.fromBytes(state);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    CheckpointStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<Saved> find(UUID job) {
        List<Saved> found = jdbc.query("SELECT epoch, state, best_epoch, best_loss FROM training_checkpoint WHERE job_id = ?",
                (rs, row) -> new Saved(rs.getInt(1), rs.getBytes(2), (Integer) rs.getObject(3),
                        rs.getObject(4) == null ? null : rs.getDouble(4)), job);
        return found.stream().findFirst();
    }

    /** Replaces the job's checkpoint, in the caller's transaction. */
    void save(UUID job, Saved checkpoint) {
        jdbc.update("DELETE FROM training_checkpoint WHERE job_id = ?", job);
        jdbc.update("INSERT INTO training_checkpoint (job_id, epoch, state, best_epoch, best_loss, written_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", job, checkpoint.epoch(), checkpoint.state(), checkpoint.bestEpoch(),
                checkpoint.bestLoss(), Timestamp.from(Instant.now(clock)));
    }

    void delete(UUID job) {
        jdbc.update("DELETE FROM training_checkpoint WHERE job_id = ?", job);
    }
}
