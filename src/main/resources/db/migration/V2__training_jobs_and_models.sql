-- db-scheduler's table (its PostgreSQL definition, with VARCHAR keys so H2 runs the same SQL).
-- A training job is one one-time task instance whose id is the job's id.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100)             NOT NULL,
    task_instance        VARCHAR(100)             NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            VARCHAR(100),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INTEGER,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority, execution_time);

-- Trained models: the engine's binary model form plus what a person needs to find and judge it.
CREATE TABLE model (
    id                  UUID PRIMARY KEY,
    name                VARCHAR(200)             NOT NULL,
    version             INTEGER                  NOT NULL,
    task                VARCHAR(20)              NOT NULL,
    job_id              UUID,
    dataset_id          UUID,
    spec                VARCHAR(10000000),
    seed                BIGINT,
    weights             BYTEA                    NOT NULL,
    train_metrics       VARCHAR(100000),
    validation_metrics  VARCHAR(100000),
    training_millis     BIGINT,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT model_name_version_uk UNIQUE (name, version)
);

CREATE INDEX model_created_at_idx ON model (created_at);

-- Training jobs: the request as sent, progress as it goes, and how it ended.
CREATE TABLE training_job (
    id                UUID PRIMARY KEY,
    name              VARCHAR(200)             NOT NULL,
    dataset_id        UUID                     NOT NULL,
    status            VARCHAR(20)              NOT NULL,
    request           VARCHAR(10000000)        NOT NULL,
    seed              BIGINT                   NOT NULL,
    total_epochs      INTEGER                  NOT NULL,
    epoch             INTEGER                  NOT NULL,
    train_loss        DOUBLE PRECISION,
    validation_loss   DOUBLE PRECISION,
    train_metric      DOUBLE PRECISION,
    validation_metric DOUBLE PRECISION,
    best_epoch        INTEGER,
    best_loss         DOUBLE PRECISION,
    learning_rate     DOUBLE PRECISION,
    reason            VARCHAR(2000),
    model_id          UUID,
    cancel_requested  BOOLEAN                  NOT NULL,
    idempotency_key   VARCHAR(200),
    attempts          INTEGER                  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT training_job_idempotency_uk UNIQUE (idempotency_key)
);

CREATE INDEX training_job_status_idx ON training_job (status, created_at);

CREATE TABLE training_history (
    job_id            UUID             NOT NULL REFERENCES training_job (id) ON DELETE CASCADE,
    epoch             INTEGER          NOT NULL,
    train_loss        DOUBLE PRECISION,
    validation_loss   DOUBLE PRECISION,
    train_metric      DOUBLE PRECISION,
    validation_metric DOUBLE PRECISION,
    learning_rate     DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_id, epoch)
);
