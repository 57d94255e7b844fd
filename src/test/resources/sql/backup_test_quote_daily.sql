-- The day's CSV backup of the test-only source's table: every row stored on that UTC day.
SELECT day, price
FROM test_quote_daily
WHERE ingested_at >= ? AND ingested_at < ?
ORDER BY day
