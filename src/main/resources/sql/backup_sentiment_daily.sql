-- The day's CSV backup of sentiment_daily: every row stored on that UTC day (ingested_at), in key order.
SELECT as_of_date, fng_value, classification, source
FROM sentiment_daily
WHERE ingested_at >= ? AND ingested_at < ?
ORDER BY as_of_date
