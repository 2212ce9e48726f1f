package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Histories in segments, on a schema migrated as the service migrates it, on H2 and on PostgreSQL
 * (HistoryStoreH2Tests, HistoryStorePostgresTests): a production database upgrades through V14 with
 * history rows in it.
 */
abstract class HistoryStoreTests {

    private JdbcTemplate jdbc;
    private HistoryStore store;

    /** A new, empty database or schema for this test. */
    abstract DataSource dataSource();

    /** Flyway on that database, as the service configures it. */
    abstract FluentConfiguration flyway();

    @BeforeEach
    void connect() {
        jdbc = new JdbcTemplate(dataSource());
        store = new HistoryStore(jdbc);
    }

    @AfterEach
    void dropDatabase() throws Exception {
    }

    @Test
    void pointsComeBackInEpochOrderAcrossSegments() {
        UUID job = job();
        UUID other = job();
        store.append(job, points(1, 2, 9));
        store.append(job, points(10, 20));
        store.append(job, List.of());
        store.append(job, points(100));
        store.append(other, points(5));

        assertThat(epochs(store.read(job))).containsExactly(1, 2, 9, 10, 20, 100);
        assertThat(store.read(job).get(3)).isEqualTo(point(10));
        assertThat(segments(job)).isEqualTo(3);
        assertThat(store.read(UUID.randomUUID())).isEmpty();
    }

    @Test
    void writingTheSamePointsAgainChangesNothing() {
        UUID job = job();
        store.append(job, points(1, 2));
        store.append(job, points(3, 4));
        // the flush retried after an outage that lost the answer to a commit that went through
        store.append(job, points(3, 4));
        store.append(job, points(5));
        assertThat(epochs(store.read(job))).containsExactly(1, 2, 3, 4, 5);
        assertThat(segments(job)).isEqualTo(3);
    }

    @Test
    void aResumedRunKeepsThePointsUpToItsCheckpointAndWritesOnFromThere() {
        UUID job = job();
        UUID other = job();
        store.append(job, points(1, 4, 8));
        store.append(job, points(12, 16, 20));
        store.append(job, points(24, 28));
        store.append(other, points(1, 16, 30));

        store.deleteAfter(job, 16);

        assertThat(epochs(store.read(job))).containsExactly(1, 4, 8, 12, 16);
        assertThat(jdbc.queryForObject("SELECT last_epoch FROM training_history_segment WHERE job_id = ? AND first_epoch = 12",
                Integer.class, job)).isEqualTo(16);
        store.append(job, points(20, 24));
        assertThat(epochs(store.read(job))).containsExactly(1, 4, 8, 12, 16, 20, 24);
        assertThat(epochs(store.read(other))).containsExactly(1, 16, 30);

        store.deleteAfter(job, 0);
        assertThat(store.read(job)).isEmpty();
    }

    @Test
    void aRerunClearsTheJobsHistoryAndDeletingTheJobTakesItsHistory() {
        UUID job = job();
        UUID other = job();
        store.append(job, points(1, 2));
        store.append(other, points(1, 2));

        store.delete(job);
        assertThat(store.read(job)).isEmpty();
        assertThat(store.read(other)).hasSize(2);

        jdbc.update("DELETE FROM training_job WHERE id = ?", other);
        assertThat(segments(other)).isZero();
    }

    @Test
    void historyRowsStoredBeforeSegmentsMoveIntoThem() {
        flyway().target("13").load().migrate();
        UUID job = insertJob();
        UUID other = insertJob();
        UUID none = insertJob();
        List<EpochFigures> points = new ArrayList<>();
        for (int epoch = 1; epoch <= 1000; epoch += 3) {
            points.add(new EpochFigures(epoch, 1.0 / epoch, epoch % 2 == 0 ? null : 0.5 / epoch, 0.9, null, 0.01));
        }
        // inserted out of order: the migration orders them
        for (EpochFigures p : points.reversed()) {
            jdbc.update("INSERT INTO training_history (job_id, epoch, train_loss, validation_loss, train_metric,"
                    + " validation_metric, learning_rate) VALUES (?, ?, ?, ?, ?, ?, ?)", job, p.epoch(), p.trainLoss(),
                    p.validationLoss(), p.trainMetric(), p.validationMetric(), p.learningRate());
        }
        jdbc.update("INSERT INTO training_history (job_id, epoch, train_loss, learning_rate) VALUES (?, 7, 0.3, 0.1)", other);

        flyway().load().migrate();

        assertThat(store.read(job)).isEqualTo(points);
        assertThat(segments(job)).isEqualTo(1);
        assertThat(store.read(other)).containsExactly(new EpochFigures(7, 0.3, null, null, null, 0.1));
        assertThat(store.read(none)).isEmpty();
        assertThatThrownBy(() -> jdbc.queryForObject("SELECT COUNT(*) FROM training_history", Integer.class))
                .as("the rows' table is gone").isInstanceOf(BadSqlGrammarException.class);
    }

    private UUID job() {
        flyway().load().migrate();
        return insertJob();
    }

    private UUID insertJob() {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO training_job (id, name, dataset_id, status, request, seed, total_epochs, epoch,"
                + " cancel_requested, attempts, created_at) VALUES (?, 'job', ?, 'RUNNING', '{}', 1, 100, 0, FALSE, 0, ?)",
                id, UUID.randomUUID(), Timestamp.from(Instant.now()));
        return id;
    }

    private int segments(UUID job) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM training_history_segment WHERE job_id = ?", Integer.class, job);
    }

    private static EpochFigures point(int epoch) {
        return new EpochFigures(epoch, 1.0 / epoch, null, 1 - 1.0 / epoch, null, 0.1);
    }

    private static List<EpochFigures> points(int... epochs) {
        return IntStream.of(epochs).mapToObj(HistoryStoreTests::point).toList();
    }

    private static List<Integer> epochs(List<EpochFigures> points) {
        return points.stream().map(EpochFigures::epoch).toList();
    }
}
