package io.marketintel.source.coingecko;

import java.math.BigDecimal;
import java.util.List;

import io.marketintel.config.Key;
import io.marketintel.config.KeyCatalog;

/**
 * CoinGecko's keys, the trading sessions its candles are tagged with, its {@code --check} call, and the keys derived
 * from them at start-up ({@link CoinGeckoConfiguration}). Rules across keys (a plan that does not fit the key or the
 * host, a window beyond 90 days off the pro plan, the sessions' order) are {@link CoinGeckoSettings}'.
 */
public final class CoinGeckoKeys implements KeyCatalog {

    public static final Key<Boolean> ENABLED = Key.bool("coingecko.enabled", "true",
        "on by default: the free public API needs no key");
    public static final Key<String> BASE_URL = Key.url("coingecko.base-url", "https://api.coingecko.com/api/v3",
        "API root of the public and Demo plans; tests and the demo point it at a local server");
    public static final Key<String> PRO_BASE_URL = Key.url("coingecko.pro-base-url", "https://pro-api.coingecko.com/api/v3",
        "API root of the paid plans, used instead of coingecko.base-url when coingecko.plan = pro");
    public static final Key<Plan> PLAN = Key.parsed("coingecko.plan", "public", "public, demo or pro", "", v -> {
        try {
            return Plan.parse(v);
        } catch (IllegalArgumentException e) {
            throw new Key.Invalid("= '" + v + "' must be public, demo or pro");
        }
    }, "public (no key) | demo (free key) | pro (paid key): Demo and paid keys both start with CG-, so say which one");
    public static final Key<List<CoinGeckoAsset>> ASSETS = Key.parsed("coingecko.assets", "bitcoin:BTC,ethereum:ETH",
        "coin id:SYMBOL, comma-separated", "", CoinGeckoAsset::parseList,
        "coin id (from GET /coins/list) : symbol stored in ohlc_hourly.asset; adding an asset needs no recompile");
    public static final Key<Integer> SHARDS = Key.integer("coingecko.shards", "1", 1, 64,
        "parts the assets are split into, each its own scheduled job: a cluster fetches them on several nodes at once"
            + " (part k of n: every n-th asset from the k-th); at most the number of assets; 1 = one job");
    public static final Key<String> CRON = Key.cron("coingecko.cron", "0 20 * * * ?",
        "HH:20 each hour: the hour that just closed is past CoinGecko's 15-minute cache (Quartz cron, UTC)");
    /** 365 on the pro plan; {@link CoinGeckoSettings} holds the other plans to 90. */
    public static final Key<Integer> WINDOW_DAYS = Key.integer("coingecko.window-days", "14", 1, 365,
        "the rolling window kept complete, in days (public/demo: 1-90, market_chart is hourly only up to 90 days)");
    public static final Key<Integer> PARALLEL_ASSETS = Key.integer("coingecko.parallel-assets", "3", 1, 16,
        "assets fetched and parsed at once (writes stay serial on SQLite's one writer); 1 = one asset at a time");
    public static final Key<Integer> BACKFILL_MAX_MISSING_HOURS = Key.integer("coingecko.backfill-max-missing-hours", "3",
        0, 100_000, "the window's part older than 24 h (which the forward call cannot heal) is backfilled when more"
            + " hours than this are missing; CoinGecko's own samples skip about 1 hour in 720, which must not trigger a"
            + " backfill every hour");
    public static final Key<BigDecimal> RATE_LIMIT_DELAY_SECONDS = Key.decimal("coingecko.rate-limit-delay-seconds",
        "{{env:RATE_LIMIT_DELAY:1.5}}", BigDecimal.ZERO, BigDecimal.valueOf(3600),
        "at most one CoinGecko call per this many seconds across all assets (seed RATE_LIMIT_DELAY; 0 = no delay)");

    public static final Key<Integer> ASIA_START_HOUR = Key.integer("sessions.asia-start-hour", "0", 0, 23,
        "ASIA from this UTC hour (Tokyo/Hong Kong/Singapore day) until EUROPE starts");
    public static final Key<Integer> EUROPE_START_HOUR = Key.integer("sessions.europe-start-hour", "7", 0, 23,
        "EUROPE from this UTC hour (London opens 07:00-08:00 UTC) until US starts");
    public static final Key<Integer> US_START_HOUR = Key.integer("sessions.us-start-hour", "13", 0, 23,
        "US from this UTC hour (New York opens 13:30-14:30 UTC) until ASIA starts again");

    public static final Key<String> CHECK_URL = Key.text("check.coingecko-ohlc.url", "{{coingecko.api-root}}/ping",
        "CoinGecko: /ping answers {\"gecko_says\":...} without spending a data call").whenUsed();
    public static final Key<String> CHECK_KEY_HEADER = Key.text("check.coingecko-ohlc.key-header",
        "{{coingecko.key-header}}", "the plan's key header when a key is set (none on the public plan)").orEmpty()
        .whenUsed();
    public static final Key<String> CHECK_KEY_ENV = Key.text("check.coingecko-ohlc.key-env", "COINGECKO_API_KEY",
        "the environment variable holding CoinGecko's key").whenUsed();

    private static final String DERIVED_FIX = "remove it (coingecko.plan, coingecko.base-url and coingecko.pro-base-url"
        + " decide it)";
    /** The plan's API root; {@code coingecko.api-root.from} names the key users set for it. */
    public static final Key<String> API_ROOT = Key.derived("coingecko.api-root", DERIVED_FIX);
    public static final Key<String> THROTTLE_PERIOD_MS = Key.derived("coingecko.throttle-period-ms", DERIVED_FIX);
    /** The header the plan sends its key in, for --check's /ping. */
    public static final Key<String> KEY_HEADER = Key.derived("coingecko.key-header", DERIVED_FIX);
}
