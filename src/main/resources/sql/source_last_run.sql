-- The newest finished run of one source (a run in progress has no finished_at yet).
SELECT started_at, finished_at, duration_ms, rows, dead_letters, outcome, error
FROM ingest_run
WHERE source = ? AND finished_at IS NOT NULL
ORDER BY started_at DESC
LIMIT 1
