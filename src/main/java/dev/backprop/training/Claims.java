package dev.backprop.training;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Fencing for job runs. A run's claim on its job is the version of the scheduler's execution it
 * picked; the scheduler raises that version whenever the execution changes hands (picked, revived
 * as dead, handed back). Every write a run makes starts by holding its claim: it locks the
 * execution's row until the write's transaction ends and checks the version is still the run's. A
 * run that was paused or cut off past the heartbeat limit, while another took its job over, finds
 * a newer version at its next write and stops there, having changed nothing.
 */
@Component
class Claims {

    /** A run's claim on a job: the version of the execution it picked. */
    record Claim(UUID job, long version) {
    }

    /** Thrown at a write whose claim is gone: another run owns the job now. */
    static final class Lost extends RuntimeException {
        Lost(Claim claim) {
            super("training job " + claim.job() + " was taken over by another run after this one claimed it (execution"
                    + " version " + claim.version() + ")", null, false, false);
        }
    }

    private final JdbcTemplate jdbc;

    Claims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * In the caller's transaction: locks the job's execution until the transaction ends and throws
     * {@link Lost} unless it still is the one {@code claim} names, so the writes that follow commit
     * only while the claim holds.
     */
    void hold(Claim claim) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a claim is held in the transaction of the writes it guards");
        }
        List<Long> version = jdbc.queryForList("SELECT version FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?"
                + " FOR UPDATE", Long.class, TrainingJobRunner.TASK_NAME, claim.job().toString());
        if (version.isEmpty() || version.getFirst() != claim.version()) {
            throw new Lost(claim);
        }
    }
}
