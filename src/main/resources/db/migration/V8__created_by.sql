-- Who created each dataset, training job and model: "key:<api key id>", "jwt:<subject>", or null for
-- rows from before there were keys. A model trained by a job records the job's creator.
ALTER TABLE dataset ADD COLUMN created_by VARCHAR(200);
ALTER TABLE training_job ADD COLUMN created_by VARCHAR(200);
ALTER TABLE model ADD COLUMN created_by VARCHAR(200);
