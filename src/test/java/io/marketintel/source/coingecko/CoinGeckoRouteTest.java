package io.marketintel.source.coingecko;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.marketintel.RouteTestSupport;
import io.marketintel.cli.Reports;
import io.marketintel.pipeline.RunResult;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.marketintel.source.coingecko.CoinGeckoPayloads.HALF;
import static io.marketintel.source.coingecko.CoinGeckoPayloads.HOUR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CoinGecko source end to end on the Demo plan: real YAML routes and properties, WireMock answering like
 * CoinGecko around the current time, the key bound as COINGECKO_API_KEY would give it.
 */
class CoinGeckoRouteTest extends RouteTestSupport {

    static final String KEY = "CG-TestKey9f8e7d6c5b4a";

    @Override
    protected java.util.Map<String, String> apiKeys() {
        return java.util.Map.of(io.marketintel.config.ApiKeys.COINGECKO, KEY);
    }

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("coingecko.base-url", API.baseUrl());
        p.put("coingecko.plan", "demo");
        p.put("coingecko.rate-limit-delay-seconds", "0");
        return p;
    }

    Instant now;
    List<Long> closes;

    @BeforeEach
    void payloadsForNow() {
        CoinGeckoPayloads.awayFromHalfHourBoundary();
        now = Instant.now();
        closes = CoinGeckoPayloads.halfHourCloses(now);
    }

    static void answer(String pathRegex, int status, String body) {
        API.stubFor(get(urlPathMatching(pathRegex)).willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", "application/json").withBody(body)));
    }

    void answerBoth(double chartBase, double candleBase) {
        answer("/coins/[a-z]+/market_chart", 200, CoinGeckoPayloads.marketChart(now, 14, chartBase));
        answer("/coins/[a-z]+/ohlc", 200, CoinGeckoPayloads.ohlc30(closes, candleBase));
    }

    /** The hourly candles the 30-minute pairs must give, computed from the formulas, not by the mapper. */
    Map<String, double[]> expectedOhlc(double base) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < closes.size(); i++) {
            long first = closes.get(i);
            long second = closes.get(i + 1);
            long open = first - HALF;
            if (open % HOUR == 0 && second == open + HOUR && second <= now.toEpochMilli()) {
                double o = base + i;
                out.put(Instant.ofEpochMilli(open).toString(), new double[] {o, o + 3, o - 1, o + 2});
            }
        }
        return out;
    }

    Map<String, double[]> storedOhlc(String asset) throws Exception {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT ts_utc, open, high, low, close FROM ohlc_hourly WHERE asset = ? "
            + "AND quality = 'ohlc' ORDER BY ts_utc", asset)) {
            out.put((String) r.get("ts_utc"), new double[] {num(r.get("open")), num(r.get("high")), num(r.get("low")),
                num(r.get("close"))});
        }
        return out;
    }

    static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    static String show(Map<String, double[]> m) {
        return m.entrySet().stream().map(e -> e.getKey() + "=" + java.util.Arrays.toString(e.getValue()))
            .collect(Collectors.joining("\n"));
    }

    String currentHour() {
        return now.truncatedTo(ChronoUnit.HOURS).toString();
    }

    @Test
    void should_merge_half_hour_pairs_into_exactly_the_expected_hourly_candles_and_backfill_the_rest_sampled()
        throws Exception {
        answerBoth(50_000, 60_000);

        RunResult r = run("coingecko-ohlc");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        Map<String, double[]> expected = expectedOhlc(60_000);
        assertTrue(expected.size() >= 22, "a day of complete hours: " + expected.size());
        assertEquals(show(expected), show(storedOhlc("BTC")));
        assertEquals(show(expected), show(storedOhlc("ETH")));
        // the hour in progress is provisional; every hour has exactly one session
        assertEquals("provisional", query("SELECT quality FROM ohlc_hourly WHERE asset = 'BTC' AND ts_utc = ?",
            currentHour()).get(0).get("quality"));
        assertEquals(0, count("SELECT COUNT(*) FROM ohlc_hourly WHERE session NOT IN ('ASIA', 'EUROPE', 'US')"));
        // first run: the window was empty, so the older part came from market_chart, flagged sampled
        long sampled = count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'sampled'");
        long all = count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC'");
        assertTrue(sampled >= 14 * 24 - 26, "sampled rows: " + sampled);
        assertTrue(all >= 14 * 24 - 1 && all <= 14 * 24 + 1, "the 14-day window: " + all);
        assertEquals(0, count("SELECT COUNT(*) FROM ohlc_hourly WHERE quality = 'sampled' AND volume_24h_usd IS NULL"));
        // the documented requests, the key only as a header
        API.verify(1, getRequestedFor(urlPathEqualTo("/coins/bitcoin/market_chart"))
            .withQueryParam("vs_currency", equalTo("usd")).withQueryParam("days", equalTo("14"))
            .withHeader("x-cg-demo-api-key", equalTo(KEY)));
        API.verify(1, getRequestedFor(urlPathEqualTo("/coins/bitcoin/ohlc"))
            .withQueryParam("vs_currency", equalTo("usd")).withQueryParam("days", equalTo("1"))
            .withHeader("x-cg-demo-api-key", equalTo(KEY)));
        for (LoggedRequest req : API.findAll(getRequestedFor(urlPathMatching("/.*")))) {
            assertFalse(req.getUrl().contains(KEY), req.getUrl());
        }
        // the day's CSV backup: one header and every row stored today
        Path csv = dir.resolve("backups").resolve("ohlc_hourly_" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
            .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + ".csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("asset,ts_utc,open,high,low,close,volume_24h_usd,quality,session,source", lines.get(0));
        assertEquals(count("SELECT COUNT(*) FROM ohlc_hourly") + 1, lines.size());
    }

    @Test
    void should_let_ohlc_replace_sampled_and_never_the_reverse() throws Exception {
        // order 1, within the first run: market_chart (sampled) first, then /ohlc over the last day
        answerBoth(50_000, 60_000);
        run("coingecko-ohlc");
        Map<String, double[]> expected = expectedOhlc(60_000);
        String hour = expected.keySet().iterator().next();
        Map<String, Object> replaced = query("SELECT quality, open, volume_24h_usd FROM ohlc_hourly WHERE asset = 'BTC' "
            + "AND ts_utc = ?", hour).get(0);
        assertEquals("ohlc", replaced.get("quality"));
        assertEquals(expected.get(hour)[0], num(replaced.get("open")));
        assertNotNull(replaced.get("volume_24h_usd"), "the sampled row's rolling volume is kept");

        // order 2: a later backfill (the older part of the window lost) with other prices must not touch ohlc rows
        int removed = (int) count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'sampled'");
        assertTrue(removed > 3);
        io.marketintel.store.Jdbc.update(ds(), "DELETE FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'sampled'");
        answer("/coins/[a-z]+/market_chart", 200, CoinGeckoPayloads.marketChart(now, 14, 90_000));

        RunResult second = run("coingecko-ohlc");

        assertEquals(RunResult.Outcome.SUCCESS, second.outcome(), String.valueOf(second.error()));
        API.verify(2, getRequestedFor(urlPathEqualTo("/coins/bitcoin/market_chart")));
        API.verify(1, getRequestedFor(urlPathEqualTo("/coins/ethereum/market_chart")));   // ETH's window was complete
        assertEquals(show(expected), show(storedOhlc("BTC")), "ohlc rows untouched by the sampled backfill");
        assertEquals(removed, count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'sampled'"));
        assertTrue(count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'sampled' AND open >= 90000")
            == removed, "the older hours came back from the new backfill");
    }

    @Test
    void should_leave_the_table_identical_when_run_twice() throws Exception {
        answerBoth(50_000, 60_000);
        run("coingecko-ohlc");
        String first = dump();

        RunResult second = run("coingecko-ohlc");

        assertEquals(RunResult.Outcome.SUCCESS, second.outcome(), String.valueOf(second.error()));
        assertEquals(first, dump(), "same rows, same values, same ingested_at");
        // the window was complete after the first run: no second backfill
        API.verify(1, getRequestedFor(urlPathEqualTo("/coins/bitcoin/market_chart")));
        API.verify(2, getRequestedFor(urlPathEqualTo("/coins/bitcoin/ohlc")));
    }

    @Test
    void should_wait_for_retry_after_on_429_then_store() throws Exception {
        answerBoth(50_000, 60_000);
        API.stubFor(get(urlPathEqualTo("/coins/bitcoin/market_chart")).inScenario("limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
                .withBody(fixture("coingecko_429_rate_limited.json")))
            .willSetStateTo("ok"));
        API.stubFor(get(urlPathEqualTo("/coins/bitcoin/market_chart")).inScenario("limited").whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody(CoinGeckoPayloads.marketChart(now, 14, 50_000))));

        long t0 = System.nanoTime();
        RunResult r = run("coingecko-ohlc");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        // the backoff here is 10 ms: only Retry-After explains a wait of a second
        assertTrue(ms >= 950 && ms < 8000, "waited " + ms + " ms");
        API.verify(2, getRequestedFor(urlPathEqualTo("/coins/bitcoin/market_chart")));
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letter"));
        assertTrue(count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'sampled'") > 300);
    }

    @Test
    void should_dead_letter_an_unknown_coin_id_naming_the_asset_and_store_the_other_asset_without_leaking_the_key()
        throws Exception {
        Capture logs = Capture.begin();
        try {
            answerBoth(50_000, 60_000);
            answer("/coins/ethereum/.*", 404, "{\"error\":\"coin not found\"}");

            RunResult r = run("coingecko-ohlc");

            assertEquals(RunResult.Outcome.PARTIAL, r.outcome());
            assertTrue(count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC'") > 300);
            assertEquals(0, count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'ETH'"));
            List<Map<String, Object>> dl = query("SELECT * FROM dead_letter");
            assertEquals(1, dl.size(), "one dead letter for the asset, not one per call");
            String error = (String) dl.get(0).get("error");
            assertTrue(error.contains("ETH (ethereum)") && error.contains("coingecko.assets"), error);
            assertEquals(404, ((Number) dl.get(0).get("http_status")).intValue());
            assertEquals("{\"error\":\"coin not found\"}", dl.get(0).get("original_payload"));
            assertEquals("coingecko-ohlc", dl.get(0).get("source"));
            // a dead-lettered asset counts as done for the run's progress, like the one that succeeded
            assertTrue(logs.text().contains("of coingecko-ohlc: all 2 assets done"), logs.text());
            // and a run shorter than run.progress-interval-seconds (10) prints no progress line
            assertFalse(logs.text().contains("assets done (last:"), logs.text());
            // the same failure would repeat: the asset's forward call is skipped, nothing retried
            API.verify(1, getRequestedFor(urlPathMatching("/coins/ethereum/.*")));

            // the key: sent as a header, but nowhere in the dead letters, their files or the logs
            for (Map<String, Object> row : query("SELECT * FROM dead_letter")) {
                assertFalse(row.values().stream().map(String::valueOf).anyMatch(v -> v.contains(KEY)), row.toString());
            }
            try (Stream<Path> files = Files.list(dir.resolve("deadletter"))) {
                List<Path> all = files.toList();
                assertEquals(1, all.size());
                for (Path f : all) {
                    String text = Files.readString(f);
                    assertTrue(text.contains("coingecko.assets"));
                    assertFalse(text.contains(KEY), f.toString());
                }
            }
            assertTrue(logs.text().contains("coin not found"), "the capture sees the run's logs");
            assertFalse(logs.text().contains(KEY), "the key is never logged");
        } finally {
            logs.end();
        }
    }

    @Test
    void should_report_per_asset_newest_candle_counts_by_quality_and_gaps() throws Exception {
        answerBoth(50_000, 60_000);
        run("coingecko-ohlc");
        String gone = now.truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.DAYS).toString();
        io.marketintel.store.Jdbc.update(ds(), "DELETE FROM ohlc_hourly WHERE asset = 'ETH' AND ts_utc = ?", gone);

        String status = context.getRegistry().lookupByNameAndType("reports", Reports.class).status();

        assertTrue(status.contains("CoinGecko candles"), status);
        String btc = line(status, "BTC ");
        assertTrue(btc.contains("newest " + currentHour()) && btc.contains("provisional 1"), btc);
        assertTrue(btc.contains("gaps 0"), btc);
        String eth = line(status, "ETH ");
        assertTrue(eth.contains("gaps 1") && eth.contains(gone), eth);
    }

    @Test
    void should_not_count_the_hour_in_progress_as_a_gap_before_it_is_fetched() throws Exception {
        answerBoth(50_000, 60_000);
        run("coingecko-ohlc");
        // the state between HH:00 and the HH:20 run: the new hour has begun, nothing fetched for it yet
        io.marketintel.store.Jdbc.update(ds(), "DELETE FROM ohlc_hourly WHERE ts_utc = ?", currentHour());

        String status = context.getRegistry().lookupByNameAndType("reports", Reports.class).status();

        String btc = line(status, "BTC ");
        assertTrue(btc.contains("missing 0 h, gaps 0"), btc);
    }

    private static String line(String text, String start) {
        return text.lines().filter(l -> l.strip().startsWith(start) && l.contains("gaps")).findFirst().orElse("(no line " + start + ")\n" + text);
    }

    private String dump() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> row : query("SELECT * FROM ohlc_hourly ORDER BY asset, ts_utc")) {
            sb.append(row).append('\n');
        }
        return sb.toString();
    }

    /** Everything logged while a test runs (DEBUG for our code and Camel), to prove a secret never is. */
    static final class Capture extends AbstractAppender {
        private final StringBuffer text = new StringBuffer();
        private final List<String> raised = new ArrayList<>();

        private Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        static Capture begin() {
            Capture c = new Capture();
            c.start();
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            // io.marketintel logs to its own appenders (log4j2.xml: additivity off), so both get the capture
            ctx.getConfiguration().getRootLogger().addAppender(c, Level.ALL, null);
            ctx.getConfiguration().getLoggerConfig("io.marketintel").addAppender(c, Level.ALL, null);
            for (String name : new String[] {"io.marketintel", "org.apache.camel"}) {
                c.raised.add(name);
                Configurator.setLevel(name, Level.DEBUG);
            }
            ctx.updateLoggers();
            return c;
        }

        @Override
        public void append(LogEvent event) {
            text.append(event.getMessage().getFormattedMessage()).append('\n');
            if (event.getThrown() != null) {
                text.append(event.getThrown()).append('\n');
            }
        }

        String text() {
            return text.toString();
        }

        void end() {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            ctx.getConfiguration().getRootLogger().removeAppender("capture");
            ctx.getConfiguration().getLoggerConfig("io.marketintel").removeAppender("capture");
            for (String name : raised) {
                Configurator.setLevel(name, Level.INFO);
            }
            ctx.updateLoggers();
            stop();
        }
    }

    @Test
    void should_not_need_the_hour_in_progress_from_market_chart() throws Exception {
        // only market_chart answers: the forward call fails, and the current hour is not stored half-sampled
        answer("/coins/[a-z]+/market_chart", 200, CoinGeckoPayloads.marketChart(now, 14, 50_000));
        answer("/coins/[a-z]+/ohlc", 503, "{\"error\":\"down\"}");

        RunResult r = run("coingecko-ohlc");

        assertEquals(RunResult.Outcome.PARTIAL, r.outcome());
        assertTrue(query("SELECT quality FROM ohlc_hourly WHERE ts_utc = ?", currentHour()).isEmpty());
        assertEquals(2, count("SELECT COUNT(*) FROM dead_letter WHERE http_status = 503"));
        assertNull(query("SELECT MAX(ts_utc) AS m FROM ohlc_hourly WHERE quality <> 'sampled'").get(0).get("m"));
    }
}
