-- A job's loss history in segments: each write of a running job's progress stores the points
-- collected since the last one as one value (HistoryCodec: per point its epoch and figures), instead
-- of a row per point. V14 moves the rows of training_history here and drops that table.
CREATE TABLE training_history_segment (
    job_id      UUID    NOT NULL REFERENCES training_job (id) ON DELETE CASCADE,
    first_epoch INTEGER NOT NULL,
    last_epoch  INTEGER NOT NULL,
    points      BYTEA   NOT NULL,
    PRIMARY KEY (job_id, first_epoch)
);
