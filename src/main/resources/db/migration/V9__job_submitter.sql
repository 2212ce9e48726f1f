-- One row per caller that has submitted a training job, locked (SELECT ... FOR UPDATE) while a
-- submission counts the caller's active jobs and stores the new one: two submissions racing, on one
-- instance or two, cannot both pass backprop.training.max-active-jobs.
CREATE TABLE job_submitter (
    created_by VARCHAR(200) PRIMARY KEY
);
