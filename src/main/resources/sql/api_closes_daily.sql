-- Indicators (interval 1d): one asset's daily closes in [from, to]: a day's close is the close of its 23:00 UTC hour
-- (as in the snapshot); a day without that hour has no close (a gap). Provisional and, unless included, sampled
-- hours do not count. Parameters: asset, from, to, include_sampled (1 or 0).
SELECT SUBSTR(ts_utc, 1, 10) AS as_of_date, close, quality
FROM ohlc_hourly
WHERE asset = ? AND ts_utc >= ? AND ts_utc <= ? AND SUBSTR(ts_utc, 12, 2) = '23'
  AND (quality = 'ohlc' OR (quality = 'sampled' AND CAST(? AS INTEGER) = 1))
ORDER BY ts_utc
