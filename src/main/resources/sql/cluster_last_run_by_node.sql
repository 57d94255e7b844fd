-- Which node ran each source (each part of a sharded source) last (clustered runs only).
SELECT r.source, r.part, r.node, r.started_at, r.outcome
FROM ingest_run r
WHERE r.node IS NOT NULL
  AND r.started_at = (SELECT MAX(r2.started_at) FROM ingest_run r2
                      WHERE r2.source = r.source AND COALESCE(r2.part, '') = COALESCE(r.part, '') AND r2.node IS NOT NULL)
ORDER BY r.source, r.part
