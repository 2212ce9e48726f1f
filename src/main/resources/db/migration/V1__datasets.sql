-- Datasets: one row of metadata, per-column statistics, class counts, and the values themselves in
-- chunks of whole rows (little-endian float64, features then targets per row), so a 100,000-row
-- dataset is a few dozen database rows, not ten million. The same SQL runs on H2 and PostgreSQL.
CREATE TABLE dataset (
    id             UUID PRIMARY KEY,
    name           VARCHAR(200)             NOT NULL,
    description    VARCHAR(2000),
    task           VARCHAR(20)              NOT NULL,
    source         VARCHAR(20)              NOT NULL,
    row_count      INTEGER                  NOT NULL,
    feature_count  INTEGER                  NOT NULL,
    target_count   INTEGER                  NOT NULL,
    chunk_rows     INTEGER                  NOT NULL,
    generator      VARCHAR(2000),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX dataset_created_at_idx ON dataset (created_at);

CREATE TABLE dataset_column (
    dataset_id  UUID             NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    col_index   INTEGER          NOT NULL,
    role        VARCHAR(10)      NOT NULL,
    name        VARCHAR(200)     NOT NULL,
    min_value   DOUBLE PRECISION,
    max_value   DOUBLE PRECISION,
    mean_value  DOUBLE PRECISION,
    std_value   DOUBLE PRECISION,
    PRIMARY KEY (dataset_id, col_index)
);

CREATE TABLE dataset_class (
    dataset_id   UUID         NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    class_index  INTEGER      NOT NULL,
    label        VARCHAR(200) NOT NULL,
    row_count    INTEGER      NOT NULL,
    PRIMARY KEY (dataset_id, class_index)
);

CREATE TABLE dataset_chunk (
    dataset_id   UUID    NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    chunk_index  INTEGER NOT NULL,
    row_count    INTEGER NOT NULL,
    data         BYTEA   NOT NULL,
    PRIMARY KEY (dataset_id, chunk_index)
);
