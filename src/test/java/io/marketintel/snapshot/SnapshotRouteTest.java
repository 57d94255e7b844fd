package io.marketintel.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.cli.Reports;
import io.marketintel.pipeline.RunResult;
import io.marketintel.store.Jdbc;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot route on a hand-made dataset whose answers are computed here in Java (not by the SQL under test),
 * plus the CSV backup of the snapshot, the retention route and the run summary.
 *
 * <p>Dataset (days relative to today, UTC; sessions ASIA 00-07, EUROPE 08-15, US 16-23):
 * <ul>
 *   <li>BTC: every hour from D-8 00:00 to D 23:00, D = today - 2; D's hours 00-05 are {@code sampled};</li>
 *   <li>ETH: D-2 has 5 hours (thin day), D-1 all 24, D misses 07, 12 and 23 (gaps);</li>
 *   <li>Fear &amp; Greed for D only; ETF flows: BTC D = +100.50 and -40.25 (two funds), BTC D-1 = 0.00 (one fund
 *       that reported zero), nothing for ETH.</li>
 * </ul>
 */
class SnapshotRouteTest extends RouteTestSupport {

    @Override
    protected java.util.Properties extraProperties() {
        java.util.Properties p = new java.util.Properties();
        // the figures come from hand-made rows; only Fear & Greed is fetched (from WireMock)
        p.put("etf.farside.enabled", "false");
        p.put("etf.inbox.enabled", "false");
        p.put("coingecko.enabled", "false");
        return p;
    }

    static final double EPS = 1e-9;
    /** ingested_at as the store writes it (VARCHAR(24): to the second) */
    static final String NOW = io.marketintel.store.Utc.iso(Instant.now());
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final LocalDate D = TODAY.minusDays(2);
    static final Instant START = D.minusDays(8).atStartOfDay(ZoneOffset.UTC).toInstant();

    record Candle(Instant ts, double open, double high, double low, double close, String session, String quality) {
    }

    /** ts -> candle, per asset: the test's own copy of what it inserts. */
    final Map<String, TreeMap<Instant, Candle>> data = Map.of("BTC", new TreeMap<>(), "ETH", new TreeMap<>());

    static String session(int hour) {
        return hour < 8 ? "ASIA" : hour < 16 ? "EUROPE" : "US";
    }

    /** A deterministic wiggly series; open differs a little from the previous close, as real candles do. */
    static Candle candle(Instant ts, int k, double base, String quality) {
        double close = base * Math.exp(0.004 * Math.sin(k * 1.3) + 0.0007 * k + 0.002 * Math.cos(k * 0.37));
        double prev = base * Math.exp(0.004 * Math.sin((k - 1) * 1.3) + 0.0007 * (k - 1) + 0.002 * Math.cos((k - 1) * 0.37));
        double open = prev * (1 + 0.0003 * Math.cos(k));
        int hour = ts.atZone(ZoneOffset.UTC).getHour();
        return new Candle(ts, open, Math.max(open, close) * 1.002, Math.min(open, close) * 0.998, close, session(hour), quality);
    }

    void seed() throws Exception {
        for (int k = 0; k < 9 * 24; k++) {
            Instant ts = START.plus(k, ChronoUnit.HOURS);
            boolean sampled = LocalDate.ofInstant(ts, ZoneOffset.UTC).equals(D) && ts.atZone(ZoneOffset.UTC).getHour() < 6;
            put("BTC", candle(ts, k, 60_000, sampled ? "sampled" : "ohlc"));
        }
        for (int k = 6 * 24; k < 9 * 24; k++) {
            Instant ts = START.plus(k, ChronoUnit.HOURS);
            LocalDate day = LocalDate.ofInstant(ts, ZoneOffset.UTC);
            int hour = ts.atZone(ZoneOffset.UTC).getHour();
            boolean keep = day.equals(D.minusDays(1))
                || (day.equals(D.minusDays(2)) && hour >= 10 && hour < 15)
                || (day.equals(D) && hour != 7 && hour != 12 && hour != 23);
            if (keep) {
                put("ETH", candle(ts, k, 3_000, "ohlc"));
            }
        }
        for (var e : data.entrySet()) {
            for (Candle c : e.getValue().values()) {
                Jdbc.update(ds(), "INSERT INTO ohlc_hourly (asset, ts_utc, open, high, low, close, session, ingested_at, quality, source)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'test')", e.getKey(), c.ts().toString(), c.open(), c.high(),
                    c.low(), c.close(), c.session(), NOW, c.quality());
            }
        }
        Jdbc.update(ds(), "INSERT INTO sentiment_daily VALUES (?, 47, 'Neutral', 'test', ?)", D.toString(), NOW);
        etf(D, "IBIT", "BTC", "100.50");
        etf(D, "FBTC", "BTC", "-40.25");
        etf(D.minusDays(1), "IBIT", "BTC", "0.00");
    }

    void put(String asset, Candle c) {
        data.get(asset).put(c.ts(), c);
    }

    void etf(LocalDate day, String ticker, String asset, String usd) throws Exception {
        Jdbc.update(ds(), "INSERT INTO etf_flows_daily VALUES (?, ?, ?, ?, 'test', ?)", day.toString(), ticker, asset,
            new java.math.BigDecimal(usd), NOW);
    }

    IngestRunner runner() {
        return context.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class);
    }

    Map<String, Object> row(LocalDate day, String asset) throws Exception {
        List<Map<String, Object>> rows = query("SELECT * FROM daily_market_snapshot WHERE as_of_date = ? AND asset = ?",
            day.toString(), asset);
        assertEquals(1, rows.size(), "one row for " + day + " " + asset);
        return rows.get(0);
    }

    // ---- independent answers ----------------------------------------------------------------------------

    Candle at(String asset, LocalDate day, int hour) {
        return data.get(asset).get(day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(hour, ChronoUnit.HOURS));
    }

    /** Sample standard deviation of the hourly log returns into the 168 hours ending with day's 23:00, x sqrt(8760), in %. */
    double volatility(String asset, LocalDate day) {
        List<Double> r = new ArrayList<>();
        Instant first = day.minusDays(6).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int h = 0; h < 168; h++) {
            Candle c = data.get(asset).get(first.plus(h, ChronoUnit.HOURS));
            Candle p = data.get(asset).get(first.plus(h - 1, ChronoUnit.HOURS));
            if (c != null && p != null) {
                r.add(Math.log(c.close() / p.close()));
            }
        }
        assertEquals(168, r.size(), "the test dataset gives BTC a full window");
        double mean = r.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = r.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return Math.sqrt(ss / (r.size() - 1)) * Math.sqrt(8760) * 100;
    }

    double sessionReturn(String asset, LocalDate day, int firstHour, int lastHour) {
        return (at(asset, day, lastHour).close() / at(asset, day, firstHour).open() - 1) * 100;
    }

    static double num(Object v) {
        assertNotNull(v);
        return ((Number) v).doubleValue();
    }

    static void close(double expected, Object actual, String what) {
        double a = num(actual);
        assertTrue(Math.abs(expected - a) <= EPS * Math.max(1, Math.abs(expected)), what + ": expected " + expected + " got " + a);
    }

    // ---- tests ------------------------------------------------------------------------------------------

    @Test
    void should_compute_ohlc_change_volatility_sessions_and_coverage_of_a_full_day() throws Exception {
        seed();

        RunResult r = runner().runSnapshot(D.minusDays(2));

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        Map<String, Object> btc = row(D, "BTC");
        assertEquals(at("BTC", D, 0).open(), num(btc.get("open")));
        assertEquals(at("BTC", D, 23).close(), num(btc.get("close")));
        double high = 0;
        double low = Double.MAX_VALUE;
        for (int h = 0; h < 24; h++) {
            high = Math.max(high, at("BTC", D, h).high());
            low = Math.min(low, at("BTC", D, h).low());
        }
        assertEquals(high, num(btc.get("high")));
        assertEquals(low, num(btc.get("low")));
        close((at("BTC", D, 23).close() / at("BTC", D.minusDays(1), 23).close() - 1) * 100, btc.get("change_24h_pct"), "change");
        close(volatility("BTC", D), btc.get("volatility_7d_pct"), "volatility");
        close(sessionReturn("BTC", D, 0, 7), btc.get("return_asia_pct"), "asia");
        close(sessionReturn("BTC", D, 8, 15), btc.get("return_europe_pct"), "europe");
        close(sessionReturn("BTC", D, 16, 23), btc.get("return_us_pct"), "us");
        assertEquals(24, num(btc.get("hours_present")));
        assertEquals(6, num(btc.get("hours_sampled")));
        assertEquals(47, num(btc.get("fng_value")));
        assertEquals("Neutral", btc.get("fng_classification"));
        close(60.25, btc.get("etf_net_flow_usd"), "etf sum of two funds");
        // the volatility is a real number of the right order (the series moves ~0.3 % an hour)
        assertTrue(num(btc.get("volatility_7d_pct")) > 10 && num(btc.get("volatility_7d_pct")) < 1000);

        // D-2: its window starts at D-8 00:00, the first stored hour, so it has 167 returns, still above 120
        Map<String, Object> btcEarly = row(D.minusDays(2), "BTC");
        assertNotNull(btcEarly.get("volatility_7d_pct"));
        assertNull(btcEarly.get("fng_value"), "no Fear & Greed that day");
        assertNull(btcEarly.get("etf_net_flow_usd"), "no ETF row that day: null, not 0");
        close(0.0, row(D.minusDays(1), "BTC").get("etf_net_flow_usd"), "a fund that reported 0 gives 0, not null");
        // days without candles get no row: D-2..D for 2 assets, today has none
        assertEquals(6, count("SELECT COUNT(*) FROM daily_market_snapshot"));
        assertEquals(6, r.rows());
    }

    @Test
    void should_give_nulls_not_guesses_on_days_with_gaps_or_thin_data() throws Exception {
        seed();

        runner().runSnapshot(D.minusDays(2));

        Map<String, Object> eth = row(D, "ETH");   // misses 07, 12, 23
        assertEquals(21, num(eth.get("hours_present")));
        assertEquals(0, num(eth.get("hours_sampled")));
        assertEquals(at("ETH", D, 0).open(), num(eth.get("open")));
        assertNull(eth.get("close"), "no 23:00 candle: the day's close is unknown");
        assertNull(eth.get("change_24h_pct"), "no close, no change");
        assertNotNull(eth.get("high"), "21 of 24 hours >= snapshot.day-min-hours (20)");
        assertNull(eth.get("volatility_7d_pct"), "two days of data: far fewer than 120 returns");
        assertNull(eth.get("return_asia_pct"), "07 missing: ASIA's end is unknown");
        assertNull(eth.get("return_europe_pct"), "12 missing inside, 07 missing before its start");
        assertNull(eth.get("return_us_pct"), "23 missing: US's end is unknown");
        assertNull(eth.get("etf_net_flow_usd"));
        assertEquals(47, num(eth.get("fng_value")), "sentiment is market-wide");

        Map<String, Object> ethFull = row(D.minusDays(1), "ETH");
        assertEquals(24, num(ethFull.get("hours_present")));
        assertNull(ethFull.get("change_24h_pct"), "the previous day has no 23:00 candle");
        close(sessionReturn("ETH", D.minusDays(1), 0, 7), ethFull.get("return_asia_pct"), "eth asia, day after a thin day");
        close(sessionReturn("ETH", D.minusDays(1), 16, 23), ethFull.get("return_us_pct"), "eth us");

        Map<String, Object> thin = row(D.minusDays(2), "ETH");   // 10:00-14:00 only
        assertEquals(5, num(thin.get("hours_present")));
        assertNull(thin.get("open"));
        assertNull(thin.get("high"), "5 hours < 20: the day's range is unknown");
        assertNull(thin.get("low"));
        assertNull(thin.get("return_europe_pct"), "EUROPE 08-15 is only partly there");
    }

    @Test
    void should_replace_rows_when_a_day_is_recomputed_and_write_the_same_backup() throws Exception {
        seed();
        runner().runSnapshot(D.minusDays(2));
        String first = dump();
        Path csv = dir.resolve("backups").resolve("daily_market_snapshot_" + TODAY.format(DateTimeFormatter.BASIC_ISO_DATE) + ".csv");
        byte[] csv1 = Files.readAllBytes(csv);

        RunResult again = runner().runSnapshot(D.minusDays(2));

        assertEquals(RunResult.Outcome.SUCCESS, again.outcome());
        assertEquals(first, dump(), "recomputing changes nothing");
        assertEquals(6, count("SELECT COUNT(*) FROM daily_market_snapshot"));
        assertTrue(Arrays.equals(csv1, Files.readAllBytes(csv)), "the backup is rewritten identically");
        List<String> lines = Files.readAllLines(csv);
        assertEquals(7, lines.size(), "one header and 6 rows");
        assertEquals(1, lines.stream().filter(l -> l.startsWith("as_of_date,")).count());
        assertTrue(lines.get(0).startsWith("as_of_date,asset,open,high,low,close,change_24h_pct,volatility_7d_pct"));
        try (var files = Files.list(csv.getParent())) {
            assertEquals(List.of(csv.getFileName().toString()), files.map(p -> p.getFileName().toString()).toList(),
                "no temp file left behind");
        }

        // a corrected candle: recomputing the day replaces its row
        Jdbc.update(ds(), "UPDATE ohlc_hourly SET close = close * 2 WHERE asset = 'BTC' AND ts_utc = ?",
            D.atStartOfDay(ZoneOffset.UTC).plusHours(23).toInstant().toString());
        runner().runSnapshot(null);   // the default window (14 days) covers D
        close(at("BTC", D, 23).close() * 2, row(D, "BTC").get("close"), "replaced close");
        assertEquals(1, count("SELECT COUNT(*) FROM daily_market_snapshot WHERE as_of_date = ? AND asset = 'BTC'", D.toString()));
        // the 14-day window also reaches BTC's older days D-8..D-3: 9 BTC days + 3 ETH days
        assertEquals(12, count("SELECT COUNT(*) FROM daily_market_snapshot"));
    }

    @Test
    void should_number_hours_exactly_across_month_leap_day_and_year_ends() throws Exception {
        // the SQL uses integer day numbers, not date functions: the previous close must be found across these ends
        String[][] pairs = {{"2023-02-28", "2023-03-01"}, {"2024-02-29", "2024-03-01"}, {"2023-12-31", "2024-01-01"},
            {"2024-04-30", "2024-05-01"}};
        for (String[] p : pairs) {
            for (String day : p) {
                for (int h = 0; h < 24; h++) {
                    String ts = day + "T" + String.format("%02d", h) + ":00:00Z";
                    double close = day.equals(p[0]) ? 100 : 110;
                    Jdbc.update(ds(), "INSERT INTO ohlc_hourly (asset, ts_utc, open, high, low, close, session, ingested_at, quality)"
                        + " VALUES ('BTC', ?, ?, ?, ?, ?, ?, ?, 'ohlc')", ts, close, close, close, close, session(h), NOW);
                }
            }
        }

        runner().runSnapshot(LocalDate.parse("2023-02-01"));

        for (String[] p : pairs) {
            close(10.0, row(LocalDate.parse(p[1]), "BTC").get("change_24h_pct"), "change " + p[0] + " -> " + p[1]);
            assertNull(row(LocalDate.parse(p[0]), "BTC").get("change_24h_pct"), "nothing the day before " + p[0]);
        }
        // 2023-03-01 must not see 2023-02-28 as two days back (a 2023-02-29 does not exist)
        assertEquals(8, count("SELECT COUNT(*) FROM daily_market_snapshot"));
    }

    @Test
    void should_write_no_backup_when_backups_are_disabled() throws Exception {
        seed();
        context.getPropertiesComponent().addOverrideProperty("backup.csv.enabled", "false");

        RunResult r = runner().runSnapshot(D);

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome());
        assertEquals(2, count("SELECT COUNT(*) FROM daily_market_snapshot"));
        Path backups = dir.resolve("backups");
        try (var files = Files.exists(backups) ? Files.list(backups) : java.util.stream.Stream.<Path>empty()) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void should_delete_only_backups_dated_before_the_retention_period() throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
        List<String> old = List.of("ohlc_hourly_" + TODAY.minusDays(31).format(f) + ".csv",
            "daily_market_snapshot_" + TODAY.minusDays(400).format(f) + ".csv");
        List<String> kept = List.of("sentiment_daily_" + TODAY.minusDays(30).format(f) + ".csv",
            "etf_flows_daily_" + TODAY.format(f) + ".csv",
            "notes_19990101.txt", "my_export.csv", "Ohlc_hourly_19990101.csv", "ohlc_hourly_19990101.csv.bak",
            ".ohlc_hourly_19990101.csv.tmp", "ohlc_hourly_19991399.csv");
        for (String n : old) {
            Files.writeString(backups.resolve(n), "x\n");
        }
        for (String n : kept) {
            Files.writeString(backups.resolve(n), "x\n");
        }
        // an old mtime (a restored copy) does not make a recent backup old: the name's date decides
        Files.setLastModifiedTime(backups.resolve(kept.get(0)), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

        template.sendBody("direct:csv-retention", null);

        try (var files = Files.list(backups)) {
            assertEquals(kept.stream().sorted().toList(), files.map(p -> p.getFileName().toString()).sorted().toList());
        }

        // backup.csv.enabled=false turns the cleanup off too
        Files.writeString(backups.resolve(old.get(0)), "x\n");
        context.getPropertiesComponent().addOverrideProperty("backup.csv.enabled", "false");
        template.sendBody("direct:csv-retention", null);
        assertTrue(Files.exists(backups.resolve(old.get(0))));
    }

    @Test
    void should_print_a_summary_whose_counts_equal_the_database() throws Exception {
        seed();
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody(fixture("alternative_me_fng_limit365_paleaura01.json"))));

        List<RunResult> results = runner().runAll(D.minusDays(2));
        String summary = context.getRegistry().lookupByNameAndType("reports", Reports.class).summary(results, 1.5);

        List<String> expected = new java.util.ArrayList<>(runner().enabledSources().stream()
            .filter(s -> !s.eventDriven()).map(io.marketintel.pipeline.Source::id).toList());
        expected.add("snapshot-daily");
        assertEquals(List.of("fear-greed", "snapshot-daily"), expected);
        assertEquals(expected, results.stream().map(RunResult::source).toList(), "the snapshot runs after every source");
        assertTrue(summary.contains("Overall Success: True"), summary);
        assertTrue(summary.contains("Duration: 1.50 seconds"), summary);
        assertTrue(summary.contains("• Sentiment Records: 365 (✅)"), summary);
        // the snapshot now also sees F&G for days the recorded payload covers, but not our test days: 6 rows
        assertTrue(summary.contains("• Daily Snapshots: 6 (✅)"), summary);
        Matcher m = Pattern.compile("• (\\w+): (\\d+)\\n").matcher(summary.substring(summary.indexOf("Rows in the database now")));
        int tables = 0;
        while (m.find()) {
            assertEquals(count("SELECT COUNT(*) FROM " + table(m.group(1))), Long.parseLong(m.group(2)), m.group(1));
            tables++;
        }
        assertEquals(query("SELECT * FROM (" + io.marketintel.store.Sql.load("table_counts") + ") t").size(), tables, summary);
        assertTrue(summary.contains("Dead letters pending: 0"), summary);
        Map<String, Object> run = query("SELECT source, outcome, rows FROM ingest_run WHERE run_id = ?", results.get(1).runId()).get(0);
        assertEquals("snapshot-daily", run.get("source"));
        assertEquals("SUCCESS", run.get("outcome"));
        assertEquals(6, num(run.get("rows")));
    }

    @Test
    void should_recompute_the_window_after_a_scheduled_source_run() throws Exception {
        seed();
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody(fixture("alternative_me_fng_limit365_paleaura01.json"))));

        RunResult r = run("fear-greed");   // what the Quartz route calls

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome());
        assertEquals(12, count("SELECT COUNT(*) FROM daily_market_snapshot"), "the 14-day window, recomputed");
        assertEquals(1, count("SELECT COUNT(*) FROM ingest_run WHERE source = 'snapshot-daily' AND outcome = 'SUCCESS'"));
    }

    @Test
    void should_show_the_snapshot_freshness_in_status() throws Exception {
        seed();
        runner().runSnapshot(D.minusDays(2));

        String status = context.getRegistry().lookupByNameAndType("reports", Reports.class).status();

        assertTrue(status.matches("(?s).*daily_market_snapshot\\s+6 rows.*"), status);
        assertTrue(status.matches("(?s).*BTC\\s+3 rows\\s+newest " + D + ".*"), status);
        // newest day D = today - 2: older than twice the daily period
        assertTrue(status.matches("(?s).*snapshot-daily\\s+enabled.*STALE.*"), status);
    }

    static String table(String name) {
        if (!List.of("ohlc_hourly", "sentiment_daily", "etf_flows_daily", "etf_flows_total_daily", "daily_market_snapshot").contains(name)) {
            throw new AssertionError("unexpected table " + name);
        }
        return name;
    }

    private String dump() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> row : query("SELECT * FROM daily_market_snapshot ORDER BY as_of_date, asset")) {
            row.remove("computed_at");
            sb.append(row).append('\n');
        }
        assertFalse(sb.isEmpty());
        return sb.toString();
    }
}
