-- One day of Fear & Greed. A re-run replaces the day's values only when they changed: an identical row is not
-- rewritten (ingested_at keeps the time the values last changed, as in upsert_ohlc_hourly.sql). Portable: SQLite
-- >= 3.24 and PostgreSQL >= 9.5.
INSERT INTO sentiment_daily (as_of_date, fng_value, classification, source, ingested_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (as_of_date) DO UPDATE SET
    fng_value = excluded.fng_value,
    classification = excluded.classification,
    source = excluded.source,
    ingested_at = excluded.ingested_at
WHERE sentiment_daily.fng_value <> excluded.fng_value
   OR sentiment_daily.classification <> excluded.classification
   OR sentiment_daily.source <> excluded.source
