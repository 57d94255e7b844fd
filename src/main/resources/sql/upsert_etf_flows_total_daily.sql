-- One day of an asset's whole US spot ETF market; a re-run replaces the day's figures.
INSERT INTO etf_flows_total_daily (as_of_date, asset, total_net_inflow_usd, total_net_assets_usd, cum_net_inflow_usd,
                                   source, ingested_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (as_of_date, asset) DO UPDATE SET
    total_net_inflow_usd = excluded.total_net_inflow_usd,
    total_net_assets_usd = excluded.total_net_assets_usd,
    cum_net_inflow_usd = excluded.cum_net_inflow_usd,
    source = excluded.source,
    ingested_at = excluded.ingested_at
