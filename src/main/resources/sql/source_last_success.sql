-- When a source last finished a run without any failure.
SELECT MAX(finished_at) AS last_success FROM ingest_run WHERE source = ? AND outcome = 'SUCCESS'
