-- A caller's jobs queued or running are counted at every submission and every time a search queues
-- a run; without an index that count reads the whole table.
CREATE INDEX training_job_created_by_status ON training_job (created_by, status);
