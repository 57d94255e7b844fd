INSERT INTO ingest_run (run_id, source, started_at, outcome, node, fire_time, part) VALUES (?, ?, ?, 'RUNNING', ?, ?, ?)
