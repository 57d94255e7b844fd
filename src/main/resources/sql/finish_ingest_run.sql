UPDATE ingest_run
SET finished_at = ?, duration_ms = ?, rows = ?, dead_letters = ?, outcome = ?, error = ?
WHERE run_id = ?
