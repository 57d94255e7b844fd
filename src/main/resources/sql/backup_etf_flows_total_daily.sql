-- The day's CSV backup of etf_flows_total_daily: every row stored on that UTC day (ingested_at), in key order.
SELECT as_of_date, asset, CAST(total_net_inflow_usd AS VARCHAR(32)) AS total_net_inflow_usd,
       CAST(total_net_assets_usd AS VARCHAR(32)) AS total_net_assets_usd,
       CAST(cum_net_inflow_usd AS VARCHAR(32)) AS cum_net_inflow_usd, source
FROM etf_flows_total_daily
WHERE ingested_at >= ? AND ingested_at < ?
ORDER BY as_of_date, asset
