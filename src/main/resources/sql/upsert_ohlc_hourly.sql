-- One hour of one asset. Precedence lives here, in the upsert: rank ohlc (3) > provisional (2) > sampled (1);
-- a row replaces the stored one only when its rank is at least the stored rank, so an ohlc candle always replaces
-- sampled/provisional and a sampled row never overwrites an ohlc one. An identical row is not rewritten (ingested_at
-- keeps the time the values last changed, so a re-run leaves the table as it was). A candle carries no volume:
-- the sampled row's rolling 24-hour volume is kept. Portable: SQLite >= 3.24 and PostgreSQL >= 9.5.
INSERT INTO ohlc_hourly (asset, ts_utc, open, high, low, close, session, ingested_at, quality, volume_24h_usd, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (asset, ts_utc) DO UPDATE SET
    open = excluded.open,
    high = excluded.high,
    low = excluded.low,
    close = excluded.close,
    session = excluded.session,
    ingested_at = excluded.ingested_at,
    quality = excluded.quality,
    volume_24h_usd = COALESCE(excluded.volume_24h_usd, ohlc_hourly.volume_24h_usd),
    source = excluded.source
WHERE (CASE excluded.quality WHEN 'ohlc' THEN 3 WHEN 'provisional' THEN 2 ELSE 1 END)
      >= (CASE ohlc_hourly.quality WHEN 'ohlc' THEN 3 WHEN 'provisional' THEN 2 ELSE 1 END)
  AND (ohlc_hourly.open <> excluded.open
       OR ohlc_hourly.high <> excluded.high
       OR ohlc_hourly.low <> excluded.low
       OR ohlc_hourly.close <> excluded.close
       OR ohlc_hourly.quality <> excluded.quality
       OR ohlc_hourly.session <> excluded.session
       OR ohlc_hourly.source <> excluded.source
       OR (excluded.volume_24h_usd IS NOT NULL AND ohlc_hourly.volume_24h_usd IS NULL)
       OR ohlc_hourly.volume_24h_usd <> excluded.volume_24h_usd)
