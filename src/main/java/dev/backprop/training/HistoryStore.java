package dev.backprop.training;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Jobs' loss histories, stored in segments: each write of a running job's progress appends the
 * points collected since the last one as a single value ({@link HistoryCodec}), first to last epoch.
 * Every method works in the caller's transaction. A row per point cost a job with a thousand points
 * as much B-tree and commit work as storing its model and ending it.
 */
@Component
class HistoryStore {

    private final JdbcTemplate jdbc;

    HistoryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends points that follow every point stored so far, in epoch order. Writing the same points
     * again changes nothing: a flush whose commit went through but whose answer was lost in an outage
     * is written again, and must not fail the job on its own segment.
     */
    void append(UUID job, List<EpochFigures> points) {
        if (points.isEmpty()) {
            return;
        }
        int first = points.getFirst().epoch();
        jdbc.update("INSERT INTO training_history_segment (job_id, first_epoch, last_epoch, points) SELECT ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM training_history_segment WHERE job_id = ? AND first_epoch = ?)",
                job, first, points.getLast().epoch(), HistoryCodec.encode(points), job, first);
    }

    /** The job's points in epoch order; none for a job that has none, or no such job. */
    List<EpochFigures> read(UUID job) {
        List<EpochFigures> points = new ArrayList<>();
        jdbc.query("SELECT points FROM training_history_segment WHERE job_id = ? ORDER BY first_epoch",
                (RowCallbackHandler) rs -> points.addAll(HistoryCodec.decode(rs.getBytes(1))), job);
        return points;
    }

    /** Removes the points after {@code epoch}: those a run resumed from a checkpoint there writes again. */
    void deleteAfter(UUID job, int epoch) {
        jdbc.update("DELETE FROM training_history_segment WHERE job_id = ? AND first_epoch > ?", job, epoch);
        // a segment that runs past the epoch keeps its points up to it
        record Straddling(int firstEpoch, List<EpochFigures> kept) {
        }
        List<Straddling> straddling = jdbc.query(
                "SELECT first_epoch, points FROM training_history_segment WHERE job_id = ? AND last_epoch > ?",
                (rs, row) -> new Straddling(rs.getInt(1), HistoryCodec.decode(rs.getBytes(2)).stream()
                        .filter(p -> p.epoch() <= epoch).toList()), job, epoch);
        for (Straddling s : straddling) {
            jdbc.update("UPDATE training_history_segment SET last_epoch = ?, points = ? WHERE job_id = ? AND first_epoch = ?",
                    s.kept().getLast().epoch(), HistoryCodec.encode(s.kept()), job, s.firstEpoch());
        }
    }

    /** Removes all the job's points. */
    void delete(UUID job) {
        jdbc.update("DELETE FROM training_history_segment WHERE job_id = ?", job);
    }
}
