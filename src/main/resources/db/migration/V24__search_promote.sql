-- What a search does with its best trial: refit it on every row (the job doing so, once queued) and
-- move an alias to the refit model's version.
ALTER TABLE search ADD COLUMN refit BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE search ADD COLUMN promote_alias VARCHAR(64);
ALTER TABLE search ADD COLUMN refit_job_id UUID;
