-- The day's CSV backup of etf_flows_daily: every row stored on that UTC day (ingested_at), in key order.
-- CAST: exact dollars as text (SQLite would print a large REAL in exponent form).
SELECT as_of_date, ticker, asset, CAST(net_flow_usd AS VARCHAR(32)) AS net_flow_usd, source
FROM etf_flows_daily
WHERE ingested_at >= ? AND ingested_at < ?
ORDER BY as_of_date, ticker
