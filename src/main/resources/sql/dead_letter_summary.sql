-- Pending dead letters grouped by source and error (first 120 characters), newest first.
SELECT COALESCE(source, '?') AS source, SUBSTR(error, 1, 120) AS error, COUNT(*) AS n, MAX(failed_at) AS last_failed_at
FROM dead_letter
WHERE replayed_at IS NULL
GROUP BY COALESCE(source, '?'), SUBSTR(error, 1, 120)
ORDER BY MAX(failed_at) DESC
