-- REST API /api/v1/dead-letters: newest first, one source or all (NULL), by state (pending | replayed | all), one
-- page; the original payload is left out (it can be large: the JSON copy under deadletter.path has it).
-- Parameters: source, source, state, state, state, limit, offset.
SELECT id, source, route_id, endpoint, error, http_status, failed_at, replayed_at
FROM dead_letter
WHERE (CAST(? AS VARCHAR(48)) IS NULL OR source = ?)
  AND (CAST(? AS VARCHAR(8)) = 'all'
       OR (CAST(? AS VARCHAR(8)) = 'pending' AND replayed_at IS NULL)
       OR (CAST(? AS VARCHAR(8)) = 'replayed' AND replayed_at IS NOT NULL))
ORDER BY failed_at DESC, id
LIMIT ? OFFSET ?
