-- REST API /api/v1/snapshot: the daily snapshot rows in [from, to], one asset or all (NULL), oldest first, one page.
-- Parameters: from, to, asset, asset, limit, offset.
SELECT as_of_date, asset, open, high, low, close, change_24h_pct, volatility_7d_pct, return_asia_pct,
       return_europe_pct, return_us_pct, fng_value, fng_classification, etf_net_flow_usd, hours_present,
       hours_sampled, computed_at
FROM daily_market_snapshot
WHERE as_of_date >= ? AND as_of_date <= ? AND (CAST(? AS VARCHAR(16)) IS NULL OR asset = ?)
ORDER BY as_of_date, asset
LIMIT ? OFFSET ?
