-- The test-only source's table (a real source adds a Flyway migration instead).
CREATE TABLE IF NOT EXISTS test_quote_daily (day TEXT PRIMARY KEY, price TEXT NOT NULL, ingested_at TEXT NOT NULL)
