package io.marketintel.source.coingecko;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.marketintel.config.ApiKeys;
import io.marketintel.config.ConfigException;
import io.marketintel.config.Settings;

/**
 * The CoinGecko keys, validated once at start-up; each failure names its key. The API key is held here only to be
 * sent as a header; it is never part of a message, a {@code toString()} or a URI.
 */
public final class CoinGeckoSettings {

    /** A Demo key on this host, or a paid key anywhere else, is refused by CoinGecko (10011 / 10010). */
    static final String PRO_HOST = "pro-api.coingecko.com";
    static final String PUBLIC_HOST = "api.coingecko.com";

    private final boolean enabled;
    private final Plan plan;
    private final String apiKey;
    private final String apiRoot;
    private final List<CoinGeckoAsset> assets;
    private final int shards;
    private final int windowDays;
    private final int backfillMaxMissingHours;
    private final long throttlePeriodMs;
    private final Sessions sessions;

    private CoinGeckoSettings(Settings s) {
        // each key's own rule is its declaration's (CoinGeckoKeys); what is checked here spans keys
        this.enabled = s.get(CoinGeckoKeys.ENABLED);
        String baseUrl = s.get(CoinGeckoKeys.BASE_URL);
        String proBaseUrl = s.get(CoinGeckoKeys.PRO_BASE_URL);
        this.plan = s.get(CoinGeckoKeys.PLAN);
        this.apiKey = s.apiKeys().get(ApiKeys.COINGECKO).orElse(null);
        if (apiKey != null && !apiKey.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            // never echo the value: it is a secret
            throw new ConfigException(ApiKeys.COINGECKO, "(environment variable) contains spaces or "
                + "control characters; copy the key again");
        }
        if (plan.needsKey() && apiKey == null) {
            throw new ConfigException("coingecko.plan", "= '" + plan.property() + "' sends a key in header " + plan.keyHeader()
                + ", but the environment variable COINGECKO_API_KEY is not set: set it, or use coingecko.plan=public (no key)");
        }
        if (!plan.needsKey() && apiKey != null) {
            throw new ConfigException("coingecko.plan", "= 'public' sends no key, but COINGECKO_API_KEY is set: use "
                + "coingecko.plan=demo for a free Demo key or coingecko.plan=pro for a paid key (both start with CG-, so "
                + "the plan cannot be told from the key)");
        }
        this.apiRoot = plan == Plan.PRO ? proBaseUrl : baseUrl;
        String host = URI.create(apiRoot).getHost().toLowerCase(Locale.ROOT);
        if (plan == Plan.PRO && host.equals(PUBLIC_HOST)) {
            throw new ConfigException("coingecko.plan", "= 'pro' but coingecko.pro-base-url points at " + PUBLIC_HOST
                + ", which refuses paid keys (error 10010): use https://" + PRO_HOST + "/api/v3, or coingecko.plan=demo");
        }
        if (plan != Plan.PRO && host.equals(PRO_HOST)) {
            throw new ConfigException("coingecko.plan", "= '" + plan.property() + "' but coingecko.base-url points at "
                + PRO_HOST + ", which only takes paid keys (error 10011): use coingecko.plan=pro with a paid key, or "
                + "https://" + PUBLIC_HOST + "/api/v3");
        }
        this.assets = s.get(CoinGeckoKeys.ASSETS);
        this.shards = s.get(CoinGeckoKeys.SHARDS);
        if (shards > assets.size()) {
            // a part with no asset would run, call nothing and say SUCCESS every hour
            throw new ConfigException("coingecko.shards", "= '" + shards + "' is more than the " + assets.size()
                + " asset(s) of coingecko.assets: each part fetches at least one asset; set coingecko.shards to at most "
                + assets.size());
        }
        this.windowDays = s.get(CoinGeckoKeys.WINDOW_DAYS);
        if (plan != Plan.PRO && windowDays > 90) {
            // market_chart answers ~hourly samples for 2..90 days only (daily beyond); /ohlc/range pages any window
            throw new ConfigException("coingecko.window-days", "= '" + windowDays + "' must be between 1 and 90 on the "
                + plan.property() + " plan (market_chart is hourly only up to 90 days; the pro plan allows 365)");
        }
        this.backfillMaxMissingHours = s.get(CoinGeckoKeys.BACKFILL_MAX_MISSING_HOURS);
        BigDecimal delay = s.get(CoinGeckoKeys.RATE_LIMIT_DELAY_SECONDS);
        // the throttle needs a positive period: 0 ("no delay") becomes 1 ms, i.e. no practical limit
        this.throttlePeriodMs = Math.max(1L, delay.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.HALF_UP)
            .longValueExact());
        int asia = s.get(CoinGeckoKeys.ASIA_START_HOUR);
        int europe = s.get(CoinGeckoKeys.EUROPE_START_HOUR);
        int us = s.get(CoinGeckoKeys.US_START_HOUR);
        try {
            this.sessions = new Sessions(asia, europe, us);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("sessions.europe-start-hour", "(and sessions.asia-start-hour, sessions.us-start-hour): "
                + e.getMessage());
        }
    }

    public static CoinGeckoSettings load(Settings s) {
        return new CoinGeckoSettings(s);
    }

    public boolean enabled() {
        return enabled;
    }

    public Plan plan() {
        return plan;
    }

    /** The key, for the one header that carries it; null on the public plan. */
    String apiKey() {
        return apiKey;
    }

    /** {@code coingecko.base-url}, or {@code coingecko.pro-base-url} on the pro plan. */
    public String apiRoot() {
        return apiRoot;
    }

    /** The key users set for {@link #apiRoot()}, with the plan that chose it: what a fix must name. */
    public String apiRootOrigin() {
        return (plan == Plan.PRO ? "coingecko.pro-base-url" : "coingecko.base-url") + " (coingecko.plan=" + plan.property()
            + ")";
    }

    public List<CoinGeckoAsset> assets() {
        return assets;
    }

    public int windowDays() {
        return windowDays;
    }

    public int backfillMaxMissingHours() {
        return backfillMaxMissingHours;
    }

    public long throttlePeriodMs() {
        return throttlePeriodMs;
    }

    public Sessions sessions() {
        return sessions;
    }

    @Override
    public String toString() {
        return "plan " + plan.property() + (apiKey != null ? " (key set)" : "") + " at " + apiRoot + ", " + assets.size()
            + " asset(s) " + assets + (shards > 1 ? " in " + shards + " parts" : "") + ", window " + windowDays + " day(s), at most one call per " + throttlePeriodMs + " ms";
    }
}
