-- --status: the stored hours inside the window, in order, read as a stream to find the gaps.
SELECT asset, ts_utc FROM ohlc_hourly WHERE ts_utc >= ? ORDER BY asset, ts_utc
