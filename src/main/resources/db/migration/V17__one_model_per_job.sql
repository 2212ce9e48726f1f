-- A job stores at most one model: a run that stops after storing it and runs again (or a paused
-- instance that wakes after another finished the job) finds it instead of adding a version.
-- A second model an earlier version stored for one job keeps its weights and loses only the link.
UPDATE model SET job_id = NULL
WHERE job_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM model earlier
    WHERE earlier.job_id = model.job_id
      AND (earlier.created_at < model.created_at
           OR (earlier.created_at = model.created_at AND earlier.id < model.id)));
CREATE UNIQUE INDEX model_job_uk ON model (job_id);
