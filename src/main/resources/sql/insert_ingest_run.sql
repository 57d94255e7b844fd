INSERT INTO ingest_run (run_id, source, started_at, outcome) VALUES (?, ?, ?, 'RUNNING')
