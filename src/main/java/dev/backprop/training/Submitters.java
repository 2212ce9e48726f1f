package dev.backprop.training;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One row per caller that has queued training work, locked while a transaction counts the caller's
 * active jobs and adds one: two submissions by the same caller (a job, a search's next trial) count
 * one after the other, so neither slips past the limit beside the other.
 */
@Component
class Submitters {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    Submitters(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The caller's row, made in a transaction of its own the first time it submits. */
    void register(String caller) {
        if (caller == null) {
            return;
        }
        try {
            tx.executeWithoutResult(status -> jdbc.update("INSERT INTO job_submitter (created_by) SELECT ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM job_submitter WHERE created_by = ?)", caller, caller));
        } catch (DataIntegrityViolationException e) {
            // another submission by the same caller made the row first
        }
    }

    /** Locks the caller's row until the current transaction ends. */
    void hold(String caller) {
        if (caller != null) {
            jdbc.queryForObject("SELECT created_by FROM job_submitter WHERE created_by = ? FOR UPDATE", String.class, caller);
        }
    }
}
