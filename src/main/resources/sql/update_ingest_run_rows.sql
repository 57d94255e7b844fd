-- The rows a running run has committed so far (after each upsert), so a run cut short keeps its count.
-- Only raised: two assets committing in parallel may report their totals out of order.
UPDATE ingest_run SET rows = ? WHERE run_id = ? AND outcome = 'RUNNING' AND rows < ?
