package io.marketintel.pipeline;

import io.marketintel.monitor.UsTradingCalendar;
import java.util.List;
import java.util.stream.Stream;

/**
 * A source of the runtime: its route {@code direct:<id>}, the property that enables it, the property holding its
 * schedule, and the SQL that reads the newest timestamp it stored (for catch-up at start, data age and staleness).
 */
public record Source(String id, String enabledKey, String cronKey, String freshnessSql, List<String> tables) {

    /** Every source, in the order {@code --once} runs them. A new source adds one line here and one YAML file. */
    public static final List<Source> ALL = List.of(
        new Source("fear-greed", "feargreed.enabled", "feargreed.cron", "freshness_fear_greed", List.of("sentiment_daily")),
        new Source("coingecko-ohlc", "coingecko.enabled", "coingecko.cron", "freshness_coingecko_ohlc", List.of("ohlc_hourly")),
        new Source("etf-farside", "etf.farside.enabled", "etf.farside.cron", "freshness_etf_flows", List.of("etf_flows_daily")),
        new Source("etf-sosovalue", "etf.sosovalue.enabled", "etf.sosovalue.cron", "freshness_etf_sosovalue",
            List.of("etf_flows_daily", "etf_flows_total_daily")),
        // no schedule: each file dropped into etf.inbox.path is one run (see EtfInbox); --once and catch-up skip it
        new Source("etf-inbox", "etf.inbox.enabled", null, "freshness_etf_inbox", List.of("etf_flows_daily")));

    /**
     * Data per US trading day (ETF flows): none on weekends and NYSE holidays, and a day's flows exist only after the
     * close, so its freshness follows {@link UsTradingCalendar}, not the wall clock.
     */
    public boolean usTradingDays() {
        return tables.contains("etf_flows_daily") || tables.contains("etf_flows_total_daily");
    }

    /** A source with no cron runs when its input arrives (a dropped file), not on a schedule or with --once. */
    public boolean eventDriven() {
        return cronKey == null;
    }

    /**
     * Not a source: the daily snapshot derived from what the sources stored. Same bookkeeping (run record, lock,
     * freshness, staleness), but it runs after all of them ({@code --once}) and after each scheduled source run.
     */
    public static final Source SNAPSHOT = new Source("snapshot-daily", "snapshot.enabled", "snapshot.cron",
        "freshness_snapshot_daily", List.of("daily_market_snapshot"));

    /** Everything the runner knows: the sources in their order, then the snapshot. */
    public static List<Source> jobs() {
        return Stream.concat(ALL.stream(), Stream.of(SNAPSHOT)).toList();
    }

    public static Source byId(String id) {
        return jobs().stream().filter(s -> s.id().equals(id)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown source '" + id + "'; known: "
                + jobs().stream().map(Source::id).toList()));
    }
}
