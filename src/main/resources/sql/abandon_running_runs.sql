-- Runs a previous process left RUNNING died with it (kill -9, crash); each batch committed wholly or not at all.
UPDATE ingest_run
SET outcome = 'ABANDONED', finished_at = ?, error = 'the process ended during the run (killed or crashed)'
WHERE outcome = 'RUNNING'
