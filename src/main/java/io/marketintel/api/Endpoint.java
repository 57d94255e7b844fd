package io.marketintel.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The read-only endpoints under {@code /api/v1}: path, summary and parameters. {@link ApiRoutes} builds the Rest DSL
 * (and so the OpenAPI document) from this table, and {@link MarketApi} validates requests against it: what is
 * documented is what is accepted.
 */
public enum Endpoint {

    CANDLES("candles", "Hourly candles of one asset, oldest first; each row says its quality (ohlc, provisional, sampled)",
        List.of(Param.required("asset", "asset symbol, e.g. BTC"),
            Param.optional("from", "first hour, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: to minus 14 days)"),
            Param.optional("to", "last hour, inclusive; a date means its whole day (default: now)"),
            Param.oneOf("quality", "only rows of this quality (default: all)", null, "ohlc", "provisional", "sampled"))),
    SNAPSHOT("snapshot", "The daily market snapshot per asset and UTC day",
        List.of(Param.optional("asset", "asset symbol (default: every asset)"),
            Param.optional("from", "first day, YYYY-MM-DD (default: to minus 364 days)"),
            Param.optional("to", "last day, inclusive (default: today UTC)"))),
    SENTIMENT("sentiment", "The Crypto Fear and Greed Index per day, with its classification",
        List.of(Param.optional("from", "first day, YYYY-MM-DD (default: to minus 364 days)"),
            Param.optional("to", "last day, inclusive (default: today UTC)"))),
    ETF_FLOWS("etf-flows", "US spot ETF net flows in exact USD: per fund and day, or per day with the cumulative sum",
        List.of(Param.optional("asset", "BTC or ETH (default: both)"),
            Param.optional("from", "first day, YYYY-MM-DD (default: to minus 364 days)"),
            Param.optional("to", "last day, inclusive (default: today UTC)"),
            Param.oneOf("by", "fund: one row per fund and day; day: the day's sum over funds, and the cumulative sum"
                + " since from", "fund", "fund", "day"))),
    INDICATORS("indicators", "SMA 20/50/200, EMA 12/26, RSI 14, realized volatility 7 and 30 days and momentum of one"
        + " asset's hourly or daily closes; one row per hour or day of the range, NULL where a gap leaves too few closes",
        List.of(Param.required("asset", "asset symbol, e.g. BTC"),
            Param.oneOf("interval", "1h: hourly closes; 1d: daily closes (the 23:00 UTC hour's close)", "1h", "1h", "1d"),
            Param.optional("from", "first period, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (default: to minus 14 days for 1h,"
                + " 364 days for 1d)"),
            Param.optional("to", "last period, inclusive (default: now)"),
            Param.oneOf("sampled", "include: sampled closes (from CoinGecko's price samples, see quality) count as"
                + " closes and are counted in sampled_closes; exclude: they count as gaps", "include", "include", "exclude"),
            Param.integer("momentum", "momentum periods N: the return over N hours or days (default 24 for 1h,"
                + " 7 for 1d)", null))),
    SOURCES("sources", "Each source's freshness, staleness, last run and pending dead letters (the --status figures)",
        List.of()),
    DEAD_LETTERS("dead-letters", "Dead letters, newest first (the original payload is left out)",
        List.of(Param.optional("source", "only this source's"),
            Param.oneOf("state", "pending (not replayed yet), replayed or all", "pending", "pending", "replayed", "all")));

    /** Rows of one page: default and most. */
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;
    public static final int MAX_OFFSET = 10_000_000;

    private final String path;
    private final String summary;
    private final List<Param> params;

    Endpoint(String path, String summary, List<Param> own) {
        this.path = path;
        this.summary = summary;
        List<Param> all = new ArrayList<>(own);
        all.addAll(Paging.COMMON);
        this.params = List.copyOf(all);
    }

    public String path() {
        return path;
    }

    public String summary() {
        return summary;
    }

    public List<Param> params() {
        return params;
    }

    /** The OpenAPI operationId: candles, etfFlows... */
    public String operationId() {
        return java.util.regex.Pattern.compile("-([a-z])").matcher(path).replaceAll(m -> m.group(1).toUpperCase());
    }

    /** The route id of its Rest DSL route: api-candles, api-etf-flows... */
    public String routeId() {
        return "api-" + path;
    }

    /** The parameters every endpoint takes (a holder: an enum's constructor cannot read its own statics). */
    private static final class Paging {
        static final List<Param> COMMON = List.of(
            Param.oneOf("format", "json, or csv (the rows only; the next page in the Link header)", "json", "json", "csv"),
            Param.integer("limit", "rows per page, 1.." + MAX_LIMIT, String.valueOf(DEFAULT_LIMIT)),
            Param.integer("offset", "rows to skip (paging: the answer's next gives the next page)", "0"));
    }
}
