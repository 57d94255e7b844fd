-- The newest run of each source (of a sharded source: of one of its parts, part says which).
SELECT r.source, r.part, r.started_at, r.finished_at, r.duration_ms, r.rows, r.dead_letters, r.outcome, r.error
FROM ingest_run r
WHERE r.started_at = (SELECT MAX(r2.started_at) FROM ingest_run r2 WHERE r2.source = r.source)
ORDER BY r.source
