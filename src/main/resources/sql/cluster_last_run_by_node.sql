-- Which node ran each source last (clustered runs only).
SELECT r.source, r.node, r.started_at, r.outcome
FROM ingest_run r
WHERE r.node IS NOT NULL
  AND r.started_at = (SELECT MAX(r2.started_at) FROM ingest_run r2 WHERE r2.source = r.source AND r2.node IS NOT NULL)
ORDER BY r.source
