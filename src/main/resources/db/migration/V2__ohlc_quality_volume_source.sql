-- CoinGecko candles say honestly what each row is (see README "What quality means").
-- volume_24h_usd: CoinGecko's rolling 24-hour volume at the hour's last sample, NOT the hour's volume.
ALTER TABLE ohlc_hourly ADD COLUMN quality VARCHAR(12) NOT NULL DEFAULT 'sampled';  -- ohlc | provisional | sampled
ALTER TABLE ohlc_hourly ADD COLUMN volume_24h_usd DOUBLE PRECISION;
ALTER TABLE ohlc_hourly ADD COLUMN source VARCHAR(32) NOT NULL DEFAULT 'coingecko';
CREATE INDEX ix_ohlc_hourly_ts ON ohlc_hourly (ts_utc);
