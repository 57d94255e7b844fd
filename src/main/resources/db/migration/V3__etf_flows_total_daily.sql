-- ETF flows (issue 4): per-fund rows stay in etf_flows_daily (source = farside | sosovalue | csv);
-- the whole market of an asset per day, as SoSoValue's historicalInflowChart gives it, gets its own table.
-- Exact US dollars (not millions); values the API did not give stay NULL.
CREATE TABLE etf_flows_total_daily (
    as_of_date           VARCHAR(10)    NOT NULL,
    asset                VARCHAR(8)     NOT NULL,  -- BTC | ETH
    total_net_inflow_usd NUMERIC(24, 4) NOT NULL,
    total_net_assets_usd NUMERIC(24, 4),
    cum_net_inflow_usd   NUMERIC(24, 4),
    source               VARCHAR(32)    NOT NULL,
    ingested_at          VARCHAR(24)    NOT NULL,
    PRIMARY KEY (as_of_date, asset)
);
CREATE INDEX ix_etf_flows_total_daily_asset_date ON etf_flows_total_daily (asset, as_of_date);
