-- Real tables: each feature column is a NUMBER or a CATEGORY (its values stored as level indexes), or
-- was IGNOREd at upload (a column row without values); missing values are stored as NaN and counted.
-- A row without its target is kept and trains nothing: labelled_rows counts the others.
ALTER TABLE dataset_column ADD COLUMN kind VARCHAR(10);
ALTER TABLE dataset_column ADD COLUMN missing_count INTEGER DEFAULT 0 NOT NULL;
UPDATE dataset_column SET kind = 'NUMBER' WHERE role = 'FEATURE';

ALTER TABLE dataset ADD COLUMN labelled_rows INTEGER;
UPDATE dataset SET labelled_rows = row_count;
ALTER TABLE dataset ALTER COLUMN labelled_rows SET NOT NULL;

-- The levels of each category column in index order, with their row counts.
CREATE TABLE dataset_level (
    dataset_id   UUID         NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    level_order  INTEGER      NOT NULL,
    col_index    INTEGER      NOT NULL,
    label        VARCHAR(200) NOT NULL,
    row_count    INTEGER      NOT NULL,
    PRIMARY KEY (dataset_id, level_order)
);
