-- Row count of every data table, for the run summary and --status.
SELECT 'ohlc_hourly' AS table_name, COUNT(*) AS n FROM ohlc_hourly
UNION ALL SELECT 'sentiment_daily', COUNT(*) FROM sentiment_daily
UNION ALL SELECT 'etf_flows_daily', COUNT(*) FROM etf_flows_daily
UNION ALL SELECT 'etf_flows_total_daily', COUNT(*) FROM etf_flows_total_daily
UNION ALL SELECT 'daily_market_snapshot', COUNT(*) FROM daily_market_snapshot
