package io.marketintel.source.coingecko;

import java.util.Locale;

/**
 * The CoinGecko plan, set explicitly by {@code coingecko.plan}: Demo and paid keys both start with {@code CG-}, so the
 * key cannot tell them apart, and each only works on its own host (error 10010 / 10011 otherwise).
 */
public enum Plan {
    /** keyless, api.coingecko.com, shared IP-based rate limit */
    PUBLIC(null),
    /** free Demo key, api.coingecko.com */
    DEMO("x-cg-demo-api-key"),
    /** paid key (Basic/Analyst/Lite/Pro/Enterprise), pro-api.coingecko.com; /ohlc/range with interval=hourly */
    PRO("x-cg-pro-api-key");

    private final String keyHeader;

    Plan(String keyHeader) {
        this.keyHeader = keyHeader;
    }

    /** The HTTP header carrying the key; null for the keyless plan. */
    public String keyHeader() {
        return keyHeader;
    }

    public boolean needsKey() {
        return keyHeader != null;
    }

    public static Plan parse(String v) {
        return valueOf(v.strip().toUpperCase(Locale.ROOT));
    }

    public String property() {
        return name().toLowerCase(Locale.ROOT);
    }
}
