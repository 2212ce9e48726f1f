-- The model a continued training started from: its weights and standardization were the start.
ALTER TABLE model ADD COLUMN parent_id UUID;
