-- Rows and newest timestamp per table, per asset where the table has one.
SELECT 'ohlc_hourly' AS table_name, asset AS scope, COUNT(*) AS n, MAX(ts_utc) AS newest FROM ohlc_hourly GROUP BY asset
UNION ALL SELECT 'sentiment_daily', NULL, COUNT(*), MAX(as_of_date) FROM sentiment_daily
UNION ALL SELECT 'etf_flows_daily', asset, COUNT(*), MAX(as_of_date) FROM etf_flows_daily GROUP BY asset
UNION ALL SELECT 'etf_flows_total_daily', asset, COUNT(*), MAX(as_of_date) FROM etf_flows_total_daily GROUP BY asset
UNION ALL SELECT 'daily_market_snapshot', asset, COUNT(*), MAX(as_of_date) FROM daily_market_snapshot GROUP BY asset
ORDER BY 1, 2
