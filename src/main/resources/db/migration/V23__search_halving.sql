-- Successive halving: a search's factor and the epochs of each rung; the rung each trial is at and
-- the rung its score is of; the rung each trial job trains (0 for searches that do not halve). One
-- job per trial, rung and fold.
ALTER TABLE search ADD COLUMN halving_factor INTEGER;
ALTER TABLE search ADD COLUMN rung_epochs VARCHAR(10000);
ALTER TABLE search_trial ADD COLUMN rung INTEGER DEFAULT 0 NOT NULL;
-- the rung a trial's score is of (a trial that went on and failed keeps its earlier rung's score)
ALTER TABLE search_trial ADD COLUMN scored_rung INTEGER;
UPDATE search_trial SET scored_rung = 0 WHERE score IS NOT NULL;
ALTER TABLE training_job ADD COLUMN rung INTEGER;
UPDATE training_job SET rung = 0 WHERE search_id IS NOT NULL;
DROP INDEX training_job_search;
CREATE UNIQUE INDEX training_job_search ON training_job (search_id, trial, rung, fold);
