package io.marketintel.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.marketintel.indicators.Indicators;
import io.marketintel.monitor.SourceFigures;
import io.marketintel.monitor.SourceMonitor;
import io.marketintel.pipeline.Source;
import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;
import io.marketintel.store.Utc;

/**
 * The REST API's answers, without Camel: a raw query string in, an {@link Answer} out. Every parameter is checked
 * against its {@link Endpoint} declaration (unknown, repeated, malformed or out of range: {@link
 * BadParameterException} naming it); SQL comes from {@code sql/api_*.sql} with bound parameters only; ranges are
 * bounded and pages are at most {@link Endpoint#MAX_LIMIT} rows.
 */
public final class MarketApi {

    /** Widest range of one request: hourly data 92 days, daily data ten years. */
    static final Duration MAX_HOURLY_SPAN = Duration.ofDays(92);
    static final long MAX_DAILY_SPAN_DAYS = 3660;
    /** Periods loaded before from, so that the first rows' windows (SMA 200, 30-day volatility, EMA's seed) are full. */
    static final int WARM_UP_HOURS = 1000;
    static final int WARM_UP_DAYS = 400;

    private final DataSource ds;
    private final Supplier<SourceMonitor> monitor;
    private final Clock clock;

    public MarketApi(DataSource ds, Supplier<SourceMonitor> monitor, Clock clock) {
        this.ds = ds;
        this.monitor = monitor;
        this.clock = clock;
    }

    /** Answers one request: {@code rawQuery} as it came (URL-encoded, may be null). */
    public Answer answer(Endpoint e, String rawQuery) throws SQLException {
        Request r = new Request(e, parse(e, rawQuery));
        return switch (e) {
            case CANDLES -> candles(r);
            case SNAPSHOT -> daily(r, "api_snapshot", true);
            case SENTIMENT -> daily(r, "api_sentiment", false);
            case ETF_FLOWS -> daily(r, "day".equals(r.get("by")) ? "api_etf_flows_by_day" : "api_etf_flows_by_fund", true);
            case INDICATORS -> indicators(r);
            case SOURCES -> sources(r);
            case DEAD_LETTERS -> deadLetters(r);
        };
    }

    /** The query string as name → value, each name declared for the endpoint and given once. */
    static Map<String, String> parse(Endpoint e, String rawQuery) {
        Map<String, String> q = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return q;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "?");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            if (e.params().stream().noneMatch(p -> p.name().equals(name))) {
                throw new BadParameterException(name, "unknown parameter '" + name + "' for /api/v1/" + e.path()
                    + "; known: " + e.params().stream().map(Param::name).toList());
            }
            if (q.put(name, value) != null) {
                throw new BadParameterException(name, "parameter '" + name + "' given more than once");
            }
        }
        return q;
    }

    private static String decode(String s, String name) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' is not URL-encoded correctly: " + ex.getMessage());
        }
    }

    /** One request's checked parameters, and what was resolved from them (the answer's meta). */
    private final class Request {
        final Endpoint endpoint;
        final Map<String, String> given;
        final Map<String, Object> meta = new LinkedHashMap<>();
        final int limit;
        final int offset;
        final String format;

        Request(Endpoint endpoint, Map<String, String> given) {
            this.endpoint = endpoint;
            this.given = given;
            for (Param p : endpoint.params()) {
                String v = given.get(p.name());
                if (v != null && v.isBlank()) {
                    throw new BadParameterException(p.name(), "parameter '" + p.name() + "' is empty");
                }
                if (v == null && p.required()) {
                    throw new BadParameterException(p.name(), "parameter '" + p.name() + "' is required: " + p.description());
                }
                if (v != null && !p.allowed().isEmpty() && !p.allowed().contains(v)) {
                    throw new BadParameterException(p.name(), "parameter '" + p.name() + "' must be one of "
                        + p.allowed() + ", not '" + v + "'");
                }
            }
            this.format = get("format");
            this.limit = integer("limit", 1, Endpoint.MAX_LIMIT, Endpoint.DEFAULT_LIMIT);
            this.offset = integer("offset", 0, Endpoint.MAX_OFFSET, 0);
        }

        /** The value given, else the declared fallback (null when there is none). */
        String get(String name) {
            String v = given.get(name);
            if (v != null) {
                return v;
            }
            return endpoint.params().stream().filter(p -> p.name().equals(name)).findFirst().map(Param::fallback)
                .orElse(null);
        }

        int integer(String name, int min, int max, int fallback) {
            String v = given.get(name);
            if (v == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ex) {
                // the message below says what is expected
            }
            throw new BadParameterException(name, "parameter '" + name + "' must be a whole number from " + min + " to "
                + max + ", not '" + v + "'");
        }

        String asset() {
            String v = given.get("asset");
            if (v == null) {
                return null;
            }
            String a = v.toUpperCase(Locale.ROOT);
            if (!a.matches("[A-Z0-9]{1,16}")) {
                throw new BadParameterException("asset", "parameter 'asset' must be a symbol of 1-16 letters or digits"
                    + " (e.g. BTC), not '" + v + "'");
            }
            return a;
        }

        /** The path and query of the page after this one. */
        String next(int rowsOnPage, boolean more) {
            if (!more) {
                return null;
            }
            StringBuilder sb = new StringBuilder("/api/v1/").append(endpoint.path()).append('?');
            Map<String, String> q = new LinkedHashMap<>(given);
            q.put("offset", String.valueOf(offset + rowsOnPage));
            q.putIfAbsent("limit", String.valueOf(limit));
            q.forEach((k, v) -> sb.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
            return sb.substring(0, sb.length() - 1);
        }

        Answer page(List<String> columns, List<Map<String, Object>> rowsPlusOne) {
            boolean more = rowsPlusOne.size() > limit;
            List<Map<String, Object>> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
            meta.put("limit", limit);
            meta.put("offset", offset);
            return new Answer(meta, columns, rows, next(rows.size(), more), "csv".equals(format));
        }
    }

    private Answer candles(Request r) throws SQLException {
        String asset = r.asset();
        Instant[] range = hourRange(r, Duration.ofDays(14));
        String quality = r.get("quality");
        r.meta.put("asset", asset);
        r.meta.put("from", Utc.iso(range[0]));
        r.meta.put("to", Utc.iso(range[1]));
        r.meta.put("quality", quality == null ? "all" : quality);
        List<Map<String, Object>> rows = Jdbc.query(ds, Sql.load("api_candles"), asset, Utc.iso(range[0]),
            Utc.iso(range[1]), quality, quality, r.limit + 1, r.offset);
        return r.page(List.of("asset", "ts_utc", "open", "high", "low", "close", "quality", "volume_24h_usd", "session",
            "source"), rows);
    }

    /** snapshot, sentiment, etf-flows: a day range, optionally one asset, one page. */
    private Answer daily(Request r, String sql, boolean byAsset) throws SQLException {
        LocalDate[] range = dayRange(r, 364);
        List<Object> params = new ArrayList<>(List.of(range[0].toString(), range[1].toString()));
        if (byAsset) {
            String asset = r.asset();
            r.meta.put("asset", asset);
            params.add(asset);
            params.add(asset);
        }
        r.meta.put("from", range[0].toString());
        r.meta.put("to", range[1].toString());
        if (r.endpoint == Endpoint.ETF_FLOWS) {
            r.meta.put("by", r.get("by"));
        }
        params.add(r.limit + 1);
        params.add(r.offset);
        List<Map<String, Object>> rows = Jdbc.query(ds, Sql.load(sql), params.toArray());
        return r.page(columns(rows, sql), rows);
    }

    /** The columns of a daily query, in SELECT order (read from the rows, or from the SQL text when there are none). */
    private static List<String> columns(List<Map<String, Object>> rows, String sql) {
        if (!rows.isEmpty()) {
            return List.copyOf(rows.get(0).keySet());
        }
        return switch (sql) {
            case "api_snapshot" -> List.of("as_of_date", "asset", "open", "high", "low", "close", "change_24h_pct",
                "volatility_7d_pct", "return_asia_pct", "return_europe_pct", "return_us_pct", "fng_value",
                "fng_classification", "etf_net_flow_usd", "hours_present", "hours_sampled", "computed_at");
            case "api_sentiment" -> List.of("as_of_date", "fng_value", "classification", "source");
            case "api_etf_flows_by_day" -> List.of("as_of_date", "asset", "net_flow_usd", "funds", "cum_net_flow_usd");
            default -> List.of("as_of_date", "asset", "ticker", "net_flow_usd", "source");
        };
    }

    static final List<String> INDICATOR_COLUMNS = List.of("time", "close", "quality", "sma_20", "sma_50", "sma_200",
        "ema_12", "ema_26", "rsi_14", "volatility_7d_pct", "volatility_30d_pct", "momentum_pct");

    private Answer indicators(Request r) throws SQLException {
        String asset = r.asset();
        boolean hourly = "1h".equals(r.get("interval"));
        boolean includeSampled = "include".equals(r.get("sampled"));
        int momentum = r.integer("momentum", 1, 1000, hourly ? 24 : 7);
        List<String> slots = new ArrayList<>();
        List<Map<String, Object>> closes;
        int warm;
        if (hourly) {
            Instant[] range = hourRange(r, Duration.ofDays(14));
            Instant first = range[0].truncatedTo(ChronoUnit.HOURS);
            if (first.isBefore(range[0])) {
                first = first.plus(1, ChronoUnit.HOURS);
            }
            Instant last = range[1].truncatedTo(ChronoUnit.HOURS);
            warm = WARM_UP_HOURS;
            for (Instant t = first.minus(warm, ChronoUnit.HOURS); !t.isAfter(last); t = t.plus(1, ChronoUnit.HOURS)) {
                slots.add(Utc.iso(t));
            }
            r.meta.put("from", Utc.iso(first));
            r.meta.put("to", Utc.iso(last));
            closes = slots.isEmpty() ? List.of() : Jdbc.query(ds, Sql.load("api_closes_hourly"), asset, slots.get(0),
                slots.get(slots.size() - 1), includeSampled ? 1 : 0);
        } else {
            LocalDate[] range = dayRange(r, 364);
            warm = WARM_UP_DAYS;
            for (LocalDate d = range[0].minusDays(warm); !d.isAfter(range[1]); d = d.plusDays(1)) {
                slots.add(d.toString());
            }
            r.meta.put("from", range[0].toString());
            r.meta.put("to", range[1].toString());
            closes = Jdbc.query(ds, Sql.load("api_closes_daily"), asset, slots.get(0) + "T00:00:00Z",
                range[1] + "T23:59:59Z", includeSampled ? 1 : 0);
        }
        Map<String, Map<String, Object>> byTime = new LinkedHashMap<>();
        for (Map<String, Object> c : closes) {
            byTime.put(String.valueOf(c.get(hourly ? "ts_utc" : "as_of_date")), c);
        }
        double[] close = new double[slots.size()];
        String[] quality = new String[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            Map<String, Object> c = byTime.get(slots.get(i));
            close[i] = c == null ? Double.NaN : ((Number) c.get("close")).doubleValue();
            quality[i] = c == null ? null : (String) c.get("quality");
        }
        double perYear = hourly ? 24 * 365 : 365;
        int perDay = hourly ? 24 : 1;
        double[][] series = {
            Indicators.sma(close, 20), Indicators.sma(close, 50), Indicators.sma(close, 200),
            Indicators.ema(close, 12), Indicators.ema(close, 26), Indicators.rsi(close, 14),
            Indicators.volatility(close, 7 * perDay, perYear), Indicators.volatility(close, 30 * perDay, perYear),
            Indicators.momentum(close, momentum)};
        List<Map<String, Object>> rows = new ArrayList<>();
        int sampled = 0;
        for (int i = warm; i < slots.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("time", slots.get(i));
            row.put("close", number(close[i]));
            row.put("quality", quality[i]);
            for (int k = 0; k < series.length; k++) {
                row.put(INDICATOR_COLUMNS.get(3 + k), number(series[k][i]));
            }
            rows.add(row);
        }
        for (String q : quality) {
            sampled += "sampled".equals(q) ? 1 : 0;
        }
        r.meta.put("asset", asset);
        r.meta.put("interval", hourly ? "1h" : "1d");
        r.meta.put("sampled", r.get("sampled"));
        r.meta.put("momentum_periods", momentum);
        r.meta.put("closes", closes.size());
        // "never from sampled rows without saying so": how many of the closes read (warm-up included) were sampled
        r.meta.put("sampled_closes", sampled);
        int from = Math.min(r.offset, rows.size());
        List<Map<String, Object>> page = new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + r.limit + 1)));
        return r.page(INDICATOR_COLUMNS, page);
    }

    private static Double number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    static final List<String> SOURCE_COLUMNS = List.of("source", "enabled", "running", "period_seconds", "newest",
        "data_age_seconds", "stale", "last_successful_run", "last_run_started_at", "rows_last_run", "last_outcome",
        "last_error", "dead_letters_pending", "problem");

    private Answer sources(Request r) {
        SourceMonitor m = monitor.get();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Source s : m.sources().jobs()) {
            SourceFigures f = m.figures(s);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("source", f.source());
            row.put("enabled", f.enabled());
            row.put("running", f.running());
            row.put("period_seconds", f.period() == null ? null : f.period().getSeconds());
            row.put("newest", f.newest() == null ? null : Utc.iso(f.newest()));
            row.put("data_age_seconds", f.dataAgeSeconds() < 0 ? null : f.dataAgeSeconds());
            row.put("stale", f.stale());
            row.put("last_successful_run", f.lastSuccessfulRun());
            row.put("last_run_started_at", f.lastRunStartedAt());
            row.put("rows_last_run", f.rowsLastRun());
            row.put("last_outcome", f.lastOutcome());
            row.put("last_error", f.lastError());
            row.put("dead_letters_pending", f.deadLettersPending() < 0 ? null : f.deadLettersPending());
            row.put("problem", f.problem());
            rows.add(row);
        }
        r.meta.put("as_of", Utc.iso(clock.instant()));
        int from = Math.min(r.offset, rows.size());
        return r.page(SOURCE_COLUMNS, new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + r.limit + 1))));
    }

    private Answer deadLetters(Request r) throws SQLException {
        String source = r.given.get("source");
        String state = r.get("state");
        r.meta.put("source", source);
        r.meta.put("state", state);
        List<Map<String, Object>> rows = Jdbc.query(ds, Sql.load("api_dead_letters"), source, source, state, state, state,
            r.limit + 1, r.offset);
        return r.page(List.of("id", "source", "route_id", "endpoint", "error", "http_status", "failed_at", "replayed_at"),
            rows);
    }

    /** from/to as instants: a date is its first second (from) or its last (to); bounded by {@link #MAX_HOURLY_SPAN}. */
    private Instant[] hourRange(Request r, Duration fallbackSpan) {
        Instant to = r.given.containsKey("to") ? instant(r, "to", true) : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = r.given.containsKey("from") ? instant(r, "from", false) : to.minus(fallbackSpan);
        if (from.isAfter(to)) {
            throw new BadParameterException("from", "parameter 'from' (" + Utc.iso(from) + ") is after 'to' (" + Utc.iso(to) + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_HOURLY_SPAN) > 0) {
            throw new BadParameterException("from", "from .. to spans more than " + MAX_HOURLY_SPAN.toDays()
                + " days of hourly data; ask for a shorter range (or several)");
        }
        return new Instant[] {from, to};
    }

    private static Instant instant(Request r, String name, boolean endOfDay) {
        String v = r.given.get(name);
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return endOfDay ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1)
                    : d.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' must be a UTC date YYYY-MM-DD or time"
                + " YYYY-MM-DDTHH:MM:SSZ, not '" + v + "'");
        }
    }

    /** from/to as UTC days, inclusive; bounded by {@link #MAX_DAILY_SPAN_DAYS}. */
    private LocalDate[] dayRange(Request r, int fallbackDays) {
        LocalDate to = r.given.containsKey("to") ? day(r, "to") : Utc.today(clock);
        LocalDate from = r.given.containsKey("from") ? day(r, "from") : to.minusDays(fallbackDays);
        if (from.isAfter(to)) {
            throw new BadParameterException("from", "parameter 'from' (" + from + ") is after 'to' (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAILY_SPAN_DAYS) {
            throw new BadParameterException("from", "from .. to spans more than " + MAX_DAILY_SPAN_DAYS
                + " days; ask for a shorter range (or several)");
        }
        return new LocalDate[] {from, to};
    }

    private static LocalDate day(Request r, String name) {
        String v = r.given.get(name);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException ex) {
            throw new BadParameterException(name, "parameter '" + name + "' must be a UTC date YYYY-MM-DD, not '" + v + "'");
        }
    }
}
