-- The day's CSV backup of ohlc_hourly: every row stored (or changed) on that UTC day, in key order.
SELECT asset, ts_utc, open, high, low, close, volume_24h_usd, quality, session, source
FROM ohlc_hourly
WHERE ingested_at >= ? AND ingested_at < ?
ORDER BY asset, ts_utc
