-- A feature column whose present values all differ, as an identifier's do (integers for a number
-- column): flagged in the summary, since it teaches nothing that carries over to new rows.
ALTER TABLE dataset_column ADD COLUMN identifier BOOLEAN DEFAULT FALSE NOT NULL;
