package io.marketintel.pipeline;

import java.math.BigDecimal;

import io.marketintel.config.Key;
import io.marketintel.config.KeyCatalog;

/** The error policy's keys ({@link ErrorPolicyRoutes} reads them as placeholders) and the run's progress line. */
public final class PipelineKeys implements KeyCatalog {

    public static final Key<Integer> MAX_REDELIVERIES = Key.integer("retry.max-redeliveries", "3", 0, 100,
        "retries after the first attempt for 429, 408, 5xx, timeouts, I/O errors and a locked database");
    public static final Key<Integer> INITIAL_DELAY_MS = Key.integer("retry.initial-delay-ms", "2000", 0, 3_600_000,
        "first backoff delay; doubles each attempt up to retry.max-delay-ms");
    public static final Key<BigDecimal> BACKOFF_MULTIPLIER = Key.decimal("retry.backoff-multiplier", "2",
        BigDecimal.ONE, null, "growth of the backoff delay per attempt");
    public static final Key<Integer> MAX_DELAY_MS = Key.integer("retry.max-delay-ms", "60000", 0, 3_600_000,
        "no single backoff wait is longer than this");
    public static final Key<Integer> RETRY_AFTER_CAP_SECONDS = Key.integer("retry.retry-after-cap-seconds", "180", 0,
        86_400, "a provider's Retry-After is honoured up to this many seconds (CoinGecko sends 119 on a 429)");
    public static final Key<Integer> PROGRESS_INTERVAL_SECONDS = Key.integer("run.progress-interval-seconds", "10", 0,
        86_400, "a long run (many assets, a backfill) logs a progress line as its parts finish, at most this often"
            + " (0 = each part)");
}
