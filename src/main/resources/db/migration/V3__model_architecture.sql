-- What listing a model shows of its shape (inputs, layers, names, labels), stored as JSON beside the
-- weights so that a listing reads columns, not weights. V4 fills it for models stored before.
ALTER TABLE model ADD COLUMN architecture VARCHAR(10000000);
