package io.marketintel.run;

import java.util.List;

/**
 * A source of the runtime: its route {@code direct:<id>}, the property that enables it, the property holding its
 * schedule, and the SQL that reads the newest timestamp it stored (for catch-up at start, data age and staleness).
 */
public record Source(String id, String enabledKey, String cronKey, String freshnessSql, List<String> tables) {

    /** Every source, in the order {@code --once} runs them. A new source adds one line here and one YAML file. */
    public static final List<Source> ALL = List.of(
        new Source("fear-greed", "feargreed.enabled", "feargreed.cron", "freshness_fear_greed", List.of("sentiment_daily")),
        new Source("coingecko-ohlc", "coingecko.enabled", "coingecko.cron", "freshness_coingecko_ohlc", List.of("ohlc_hourly")));

    public static Source byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown source '" + id + "'; known: "
                + ALL.stream().map(Source::id).toList()));
    }
}
