SELECT MAX(finished_at) AS t FROM ingest_run WHERE source = ? AND outcome = 'SUCCESS'
