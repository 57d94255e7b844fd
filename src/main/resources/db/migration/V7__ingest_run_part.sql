-- Which part of a sharded source's work a run did (README "Run a cluster", coingecko.shards): '2/3' = part 2 of 3,
-- each part its own scheduled job; NULL: the whole work (an unsharded source, catch-up on a single node, --once).
-- Each (source, part, fire_time) has exactly one run that finished.
ALTER TABLE ingest_run ADD COLUMN part VARCHAR(16);
