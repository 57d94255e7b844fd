-- Indicators (interval 1h): one asset's hourly closes in [from, to], oldest first. Complete hours only: the
-- provisional hour still moves; sampled hours only when the caller includes them (parameter 1 = include).
-- Parameters: asset, from, to, include_sampled (1 or 0).
SELECT ts_utc, close, quality
FROM ohlc_hourly
WHERE asset = ? AND ts_utc >= ? AND ts_utc <= ?
  AND (quality = 'ohlc' OR (quality = 'sampled' AND CAST(? AS INTEGER) = 1))
ORDER BY ts_utc
