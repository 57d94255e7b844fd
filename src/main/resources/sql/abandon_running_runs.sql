-- Runs a previous process left RUNNING died with it (kill -9, crash); each batch committed wholly or not at all, and
-- rows already counts the batches committed before (update_ingest_run_rows.sql).
UPDATE ingest_run
SET outcome = 'ABANDONED', finished_at = ?,
    error = 'the process ended during the run (killed or crashed); rows = rows it had committed; the next run fetches the rest'
WHERE outcome = 'RUNNING'
