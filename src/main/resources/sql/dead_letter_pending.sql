-- Pending dead letters of one source (or all when the parameter is null), oldest first, for replay.
SELECT id, run_id, source, route_id, endpoint, error, http_status, original_payload, failed_at, replay
FROM dead_letter
WHERE replayed_at IS NULL AND (CAST(? AS VARCHAR(48)) IS NULL OR source = ?)
ORDER BY failed_at, id
