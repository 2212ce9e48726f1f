-- The resolved training plan (every default filled in, checked against the dataset) stored with the
-- job, so that the runner trains what was accepted rather than re-planning from the request.
ALTER TABLE training_job ADD COLUMN plan VARCHAR(10000000);
