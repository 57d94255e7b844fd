-- The test-only source's upsert: one row per day, a re-run replaces its price.
INSERT INTO test_quote_daily (day, price, ingested_at) VALUES (?, ?, ?)
ON CONFLICT (day) DO UPDATE SET price = excluded.price, ingested_at = excluded.ingested_at
