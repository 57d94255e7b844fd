-- REST API /api/v1/candles: one asset's hourly candles in [from, to] (text timestamps compare in time order),
-- optionally of one quality, oldest first, one page. Parameters: asset, from, to, quality, quality, limit, offset.
SELECT asset, ts_utc, open, high, low, close, quality, volume_24h_usd, session, source
FROM ohlc_hourly
WHERE asset = ? AND ts_utc >= ? AND ts_utc <= ? AND (CAST(? AS VARCHAR(12)) IS NULL OR quality = ?)
ORDER BY ts_utc
LIMIT ? OFFSET ?
