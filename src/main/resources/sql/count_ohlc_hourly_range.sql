-- Hours of one asset stored in [from, to): the planner compares it with the hours the window should hold.
SELECT COUNT(*) AS n FROM ohlc_hourly WHERE asset = ? AND ts_utc >= ? AND ts_utc < ?
