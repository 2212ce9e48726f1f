-- A running job's latest checkpoint: the engine's state after an epoch (weights, optimizer state,
-- random streams, row order; CheckpointCodec) and the job's best figures so far. A job revived after
-- its instance stopped or died continues from here; the row goes when the job ends.
CREATE TABLE training_checkpoint (
    job_id      UUID                     PRIMARY KEY REFERENCES training_job (id) ON DELETE CASCADE,
    epoch       INTEGER                  NOT NULL,
    state       BYTEA                    NOT NULL,
    best_epoch  INTEGER,
    best_loss   DOUBLE PRECISION,
    written_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The epoch a job's last run continued from, when it resumed from a checkpoint.
ALTER TABLE training_job ADD COLUMN resumed_from_epoch INTEGER;
