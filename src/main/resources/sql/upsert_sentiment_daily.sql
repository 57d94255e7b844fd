-- One day of Fear & Greed; a re-run replaces the day's values (the API may revise nothing, but it is idempotent).
INSERT INTO sentiment_daily (as_of_date, fng_value, classification, source, ingested_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (as_of_date) DO UPDATE SET
    fng_value = excluded.fng_value,
    classification = excluded.classification,
    source = excluded.source,
    ingested_at = excluded.ingested_at
