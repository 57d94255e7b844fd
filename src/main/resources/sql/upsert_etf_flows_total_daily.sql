-- One day of an asset's whole US spot ETF market; a re-run replaces the day's figures only when they changed (an
-- identical row is not rewritten: ingested_at keeps the time the values last changed). The figures may be NULL, so
-- they are compared with IS DISTINCT FROM (SQLite >= 3.39, PostgreSQL).
INSERT INTO etf_flows_total_daily (as_of_date, asset, total_net_inflow_usd, total_net_assets_usd, cum_net_inflow_usd,
                                   source, ingested_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (as_of_date, asset) DO UPDATE SET
    total_net_inflow_usd = excluded.total_net_inflow_usd,
    total_net_assets_usd = excluded.total_net_assets_usd,
    cum_net_inflow_usd = excluded.cum_net_inflow_usd,
    source = excluded.source,
    ingested_at = excluded.ingested_at
WHERE etf_flows_total_daily.total_net_inflow_usd IS DISTINCT FROM excluded.total_net_inflow_usd
   OR etf_flows_total_daily.total_net_assets_usd IS DISTINCT FROM excluded.total_net_assets_usd
   OR etf_flows_total_daily.cum_net_inflow_usd IS DISTINCT FROM excluded.cum_net_inflow_usd
   OR etf_flows_total_daily.source IS DISTINCT FROM excluded.source
