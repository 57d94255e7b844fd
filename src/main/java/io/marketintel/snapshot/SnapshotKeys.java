package io.marketintel.snapshot;

import io.marketintel.config.Key;
import io.marketintel.config.KeyCatalog;

/** The daily snapshot's keys (route snapshot-daily). */
public final class SnapshotKeys implements KeyCatalog {

    public static final Key<Boolean> ENABLED = Key.bool("snapshot.enabled", "true",
        "on by default: it only reads the tables the sources filled, no API call");
    public static final Key<String> CRON = Key.cron("snapshot.cron", "0 50 0 * * ?",
        "after the UTC day closes and CoinGecko publishes the completed day (00:35); also runs after every ingest run");
    public static final Key<Integer> RECOMPUTE_DAYS = Key.integer("snapshot.recompute-days", "14", 1, 3660,
        "days recomputed per run (today included); 14 = the candle window, so late or replaced candles are picked up");
    public static final Key<Integer> DAY_MIN_HOURS = Key.integer("snapshot.day-min-hours", "20", 1, 24,
        "high/low of a day need this many of its 24 hours; fewer would understate the range (hours_present says how"
            + " many)");
    public static final Key<Integer> VOLATILITY_MIN_RETURNS = Key.integer("snapshot.volatility-min-returns", "120", 2,
        168, "volatility_7d_pct needs this many hourly log returns of the trailing 168; fewer gives null, not a guess");
}
