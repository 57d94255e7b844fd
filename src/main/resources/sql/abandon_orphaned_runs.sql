-- A clustered node found dead by another (no check-in for its interval + 7.5 s) is removed from qrtz_scheduler_state
-- when Quartz recovers its fires; the runs it left RUNNING died with it. Its batches committed wholly or not at all.
UPDATE ingest_run
SET outcome = 'ABANDONED', finished_at = ?,
    error = 'its node stopped checking in to the cluster during the run (killed, crashed or cut off); rows = rows it had committed; the fire is re-run by the node that found it dead'
WHERE outcome = 'RUNNING' AND node IS NOT NULL
  AND node NOT IN (SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = ?)
