-- One fund and day. A source replaces its own figure (revisions); another source's figure is replaced only when
-- the incoming source ranks higher in etf.precedence (parameters 7-9 and 10-12: the precedence order, twice).
-- An identical row is not rewritten (ingested_at keeps the time the values last changed, as in
-- upsert_ohlc_hourly.sql). Portable: SQLite >= 3.24 and PostgreSQL >= 9.5.
INSERT INTO etf_flows_daily (as_of_date, ticker, asset, net_flow_usd, source, ingested_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (as_of_date, ticker) DO UPDATE SET
    asset = excluded.asset,
    net_flow_usd = excluded.net_flow_usd,
    source = excluded.source,
    ingested_at = excluded.ingested_at
WHERE (etf_flows_daily.source = excluded.source
       OR (CASE excluded.source WHEN ? THEN 1 WHEN ? THEN 2 WHEN ? THEN 3 ELSE 4 END)
        < (CASE etf_flows_daily.source WHEN ? THEN 1 WHEN ? THEN 2 WHEN ? THEN 3 ELSE 4 END))
  AND (etf_flows_daily.net_flow_usd <> excluded.net_flow_usd
       OR etf_flows_daily.asset <> excluded.asset
       OR etf_flows_daily.source <> excluded.source)
