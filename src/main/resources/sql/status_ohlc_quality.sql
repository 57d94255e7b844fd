-- --status: per asset and quality, the rows inside the window and the newest hour.
SELECT asset, quality, COUNT(*) AS n, MAX(ts_utc) AS newest
FROM ohlc_hourly
WHERE ts_utc >= ?
GROUP BY asset, quality
ORDER BY asset, quality
