-- The day's CSV backup of daily_market_snapshot: every row computed on that UTC day (computed_at), in key order.
-- computed_at itself is left out so that re-running the snapshot the same day rewrites the file identically.
SELECT as_of_date, asset, open, high, low, close, change_24h_pct, volatility_7d_pct,
       return_asia_pct, return_europe_pct, return_us_pct, fng_value, fng_classification, etf_net_flow_usd,
       hours_present, hours_sampled
FROM daily_market_snapshot
WHERE computed_at >= ? AND computed_at < ?
ORDER BY as_of_date, asset
