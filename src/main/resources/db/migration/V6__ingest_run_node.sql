-- Which node ran each run, and for which scheduled fire (README "Run a cluster").
-- node: the Quartz scheduler instance id of a clustered node (NULL: a single node, --once, a replay).
-- fire_time: the scheduled fire time of the cron fire the run answers (NULL: catch-up at start, --once, a replay); a
-- fire re-run on another node after its node died keeps its fire time, so each fire has exactly one run that finished.
ALTER TABLE ingest_run ADD COLUMN node VARCHAR(200);
ALTER TABLE ingest_run ADD COLUMN fire_time VARCHAR(24);
CREATE INDEX ix_ingest_run_fire ON ingest_run (source, fire_time);
