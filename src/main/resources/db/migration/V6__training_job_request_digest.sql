-- SHA-256 of the request as bound, kept with jobs submitted under an Idempotency-Key, so that the
-- key reused with another request is refused rather than answered with the first job.
ALTER TABLE training_job ADD COLUMN request_digest VARCHAR(64);
