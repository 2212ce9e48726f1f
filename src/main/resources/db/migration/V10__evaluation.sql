-- A model scored on a dataset: which one, how many rows, and the figures as JSON. Deleting the model
-- deletes its evaluations; the dataset may go without them (its id and name stay as they were).
CREATE TABLE evaluation (
    id            UUID PRIMARY KEY,
    model_id      UUID                     NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    dataset_id    UUID                     NOT NULL,
    dataset_name  VARCHAR(200)             NOT NULL,
    row_count     BIGINT                   NOT NULL,
    metrics       VARCHAR(10000000)        NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(200)
);

CREATE INDEX evaluation_model_idx ON evaluation (model_id, created_at);
