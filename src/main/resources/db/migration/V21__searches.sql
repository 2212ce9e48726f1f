-- Hyperparameter searches. A search stores its request and the trials it drew (each trial's values
-- and the training request they make); its trials run as training jobs, one per fold, tagged with
-- the search, the trial and the fold. A trial's row holds its figures once its jobs have ended.
CREATE TABLE search (
    id                UUID                     PRIMARY KEY,
    name              VARCHAR(200)             NOT NULL,
    dataset_id        UUID                     NOT NULL,
    status            VARCHAR(20)              NOT NULL,
    request           VARCHAR(10000000)        NOT NULL,
    seed              BIGINT                   NOT NULL,
    trials            INTEGER                  NOT NULL,
    folds             INTEGER                  NOT NULL,
    parallelism       INTEGER                  NOT NULL,
    max_failed_trials INTEGER                  NOT NULL,
    metric            VARCHAR(20)              NOT NULL,
    maximize          BOOLEAN                  NOT NULL,
    deadline          TIMESTAMP WITH TIME ZONE,
    cancel_requested  BOOLEAN                  NOT NULL,
    best_trial        INTEGER,
    best_score        DOUBLE PRECISION,
    reason            VARCHAR(2000),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP WITH TIME ZONE,
    created_by        VARCHAR(200)
);
CREATE INDEX search_status ON search (status);
CREATE TABLE search_trial (
    search_id   UUID              NOT NULL REFERENCES search (id) ON DELETE CASCADE,
    number      INTEGER           NOT NULL,
    parameters  VARCHAR(1000000)  NOT NULL,
    request     VARCHAR(10000000) NOT NULL,
    plan        VARCHAR(10000000) NOT NULL,
    status      VARCHAR(20)       NOT NULL,
    score       DOUBLE PRECISION,
    score_std   DOUBLE PRECISION,
    fold_scores VARCHAR(100000),
    epochs      INTEGER,
    train_millis BIGINT,
    parameter_count BIGINT        NOT NULL,
    reason      VARCHAR(2000),
    PRIMARY KEY (search_id, number)
);
ALTER TABLE training_job ADD COLUMN search_id UUID;
ALTER TABLE training_job ADD COLUMN trial INTEGER;
ALTER TABLE training_job ADD COLUMN fold INTEGER;
-- a trial job's final figures on its held-out rows, as JSON; trial jobs store no model
ALTER TABLE training_job ADD COLUMN held_out VARCHAR(1000000);
-- one job per trial and fold: a run is never queued twice (rows outside searches have NULLs, which never clash)
CREATE UNIQUE INDEX training_job_search ON training_job (search_id, trial, fold);
