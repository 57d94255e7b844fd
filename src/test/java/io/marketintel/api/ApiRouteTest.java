package io.marketintel.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketintel.RouteTestSupport;
import io.marketintel.demo.DemoServer;
import io.marketintel.monitor.SourceFigures;
import io.marketintel.monitor.SourceMonitor;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.RunResult;
import io.marketintel.pipeline.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST API and the dashboard's files on Camel's platform-http server (a free port), against a store filled
 * through the production routes from the demo's recordings (CoinGecko 30 days of hourly samples, Fear and Greed,
 * Farside BTC). Every endpoint is checked against the database, bad parameters against their 400s, the OpenAPI
 * document against what answers, and the indicators against an independent computation on the recorded closes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRouteTest extends RouteTestSupport {

    static final DemoServer DEMO;
    static final int PORT;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private boolean seeded;

    static {
        try {
            DEMO = DemoServer.start(Clock.systemUTC());
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                PORT = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopDemo() {
        DEMO.close();
    }

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        // the demo's base URLs and sources; the store, backups and dead letters stay the test's own
        DEMO.properties().forEach((k, v) -> {
            String key = (String) k;
            if (!key.startsWith("db.") && !key.endsWith(".path")) {
                p.put(key, v);
            }
        });
        p.put("coingecko.window-days", "30");
        p.put("etf.inbox.enabled", "false");
        p.put("camel.server.enabled", "true");
        p.put("camel.server.port", String.valueOf(PORT));
        return p;
    }

    /** The recordings stored once for the class (the context lives as long as the class). */
    private void seed() throws Exception {
        if (seeded) {
            return;
        }
        List<RunResult> results = context.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class).runAll();
        assertTrue(results.stream().allMatch(r -> r.outcome().ok()), results.toString());
        // a dead letter, to be listed (pending), and one replayed already (listed only with state=replayed|all)
        sql("INSERT INTO dead_letter (id, source, route_id, error, failed_at) VALUES ('dl-1', 'fear-greed', 'fear-greed',"
            + " 'HTTP 503 from /fng/', '2026-01-02T03:04:05Z')");
        sql("INSERT INTO dead_letter (id, source, route_id, error, failed_at, replayed_at) VALUES ('dl-0', 'etf-farside',"
            + " 'etf-farside', 'old', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z')");
        seeded = true;
    }

    private void sql(String sql) throws Exception {
        io.marketintel.store.Jdbc.update(ds(), sql);
    }

    static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(String pathAndQuery) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        assertEquals(200, r.statusCode(), pathAndQuery + " → " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), pathAndQuery);
        return JSON.readTree(r.body());
    }

    @Test
    void should_answer_every_endpoint_with_the_database_rows() throws Exception {
        seed();
        JsonNode candles = ok("/api/v1/candles?asset=btc&from=2000-01-01&to=2000-03-01");
        assertEquals(0, candles.get("count").asInt(), "nothing stored in 2000");
        String from = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();
        candles = ok("/api/v1/candles?asset=BTC&from=" + from);
        assertEquals(count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND ts_utc >= ?", from),
            candles.get("count").asLong());
        assertTrue(candles.get("count").asInt() > 400, candles.get("count").toString());
        JsonNode first = candles.get("rows").get(0);
        Map<String, Object> db = query("SELECT close, quality FROM ohlc_hourly WHERE asset = 'BTC' AND ts_utc = ?",
            first.get("ts_utc").asText()).get(0);
        assertEquals(((Number) db.get("close")).doubleValue(), first.get("close").asDouble());
        assertEquals(db.get("quality"), first.get("quality").asText());
        long ohlc = ok("/api/v1/candles?asset=BTC&quality=ohlc&from=" + from).get("count").asLong();
        assertEquals(count("SELECT COUNT(*) FROM ohlc_hourly WHERE quality = 'ohlc' AND ts_utc >= ?", from), ohlc);
        assertTrue(ohlc > 0 && ohlc < candles.get("count").asLong());

        JsonNode snapshot = ok("/api/v1/snapshot?asset=BTC");
        assertEquals(count("SELECT COUNT(*) FROM daily_market_snapshot WHERE asset = 'BTC'"), snapshot.get("count").asLong());
        JsonNode lastDay = snapshot.get("rows").get(snapshot.get("count").asInt() - 1);
        assertEquals(query("SELECT MAX(as_of_date) AS d FROM daily_market_snapshot").get(0).get("d"),
            lastDay.get("as_of_date").asText());

        JsonNode sentiment = ok("/api/v1/sentiment");
        assertEquals(count("SELECT COUNT(*) FROM sentiment_daily"), sentiment.get("count").asLong());
        assertEquals(30, sentiment.get("count").asInt(), "feargreed.limit days, all within the default year");

        JsonNode byFund = ok("/api/v1/etf-flows?asset=BTC&by=fund");
        assertEquals(156, byFund.get("count").asInt(), "the Farside page's fund-days");
        JsonNode byDay = ok("/api/v1/etf-flows?asset=BTC&by=day");
        long days = count("SELECT COUNT(DISTINCT as_of_date) FROM etf_flows_daily");
        assertEquals(days, byDay.get("count").asLong());
        double running = 0;
        for (JsonNode d : byDay.get("rows")) {
            double sum = ((Number) query("SELECT SUM(net_flow_usd) AS s FROM etf_flows_daily WHERE as_of_date = ?",
                d.get("as_of_date").asText()).get(0).get("s")).doubleValue();
            running += sum;
            assertEquals(sum, d.get("net_flow_usd").asDouble(), 0.001, d.toString());
            assertEquals(running, d.get("cum_net_flow_usd").asDouble(), 0.001, d.toString());
        }

        // the --status figures, from the same SourceMonitor
        JsonNode sources = ok("/api/v1/sources");
        SourceMonitor monitor = context.getRegistry().lookupByNameAndType("sourceMonitor", SourceMonitor.class);
        assertEquals(monitor.sources().jobs().size(), sources.get("count").asInt());
        for (JsonNode s : sources.get("rows")) {
            SourceFigures f = monitor.figures(monitor.sources().byId(s.get("source").asText()));
            assertEquals(f.stale(), s.get("stale").asBoolean(), s.toString());
            assertEquals(f.enabled(), s.get("enabled").asBoolean(), s.toString());
            assertEquals(f.newest() == null ? null : f.newest().toString(), s.get("newest").isNull() ? null
                : s.get("newest").asText());
            assertEquals(f.lastOutcome(), s.get("last_outcome").asText());
            assertEquals(f.deadLettersPending(), s.get("dead_letters_pending").asLong());
        }

        JsonNode pending = ok("/api/v1/dead-letters");
        assertEquals(1, pending.get("count").asInt(), pending.toString());
        assertEquals("dl-1", pending.get("rows").get(0).get("id").asText());
        assertFalse(pending.get("rows").get(0).has("original_payload"), "payloads are left out");
        assertEquals(2, ok("/api/v1/dead-letters?state=all").get("count").asInt());
        assertEquals("dl-0", ok("/api/v1/dead-letters?state=replayed&source=etf-farside").get("rows").get(0).get("id").asText());
        assertEquals(0, ok("/api/v1/dead-letters?source=coingecko-ohlc").get("count").asInt());

        // CSV: the same rows, a header line, NULL as empty
        HttpResponse<String> csv = get("/api/v1/etf-flows?asset=BTC&by=day&format=csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("as_of_date,asset,net_flow_usd,funds,cum_net_flow_usd", lines.get(0));
        assertEquals(days + 1, lines.size());
    }

    @Test
    void should_page_with_limit_and_offset_until_next_is_null() throws Exception {
        seed();
        String from = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();
        long total = ok("/api/v1/candles?asset=BTC&from=" + from).get("count").asLong();
        Set<String> seen = new HashSet<>();
        String next = "/api/v1/candles?asset=BTC&from=" + from + "&limit=100";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = get(next);
            JsonNode page = JSON.readTree(r.body());
            assertTrue(page.get("count").asInt() <= 100);
            for (JsonNode row : page.get("rows")) {
                assertTrue(seen.add(row.get("ts_utc").asText()), "no row twice: " + row);
            }
            next = page.get("next").isNull() ? null : page.get("next").asText();
            assertEquals(next != null, r.headers().firstValue("Link").isPresent(), "Link header with next");
            pages++;
        }
        assertEquals(total, seen.size());
        assertEquals((total + 99) / 100, pages);
    }

    @Test
    void should_answer_a_bad_parameter_with_400_naming_it() throws Exception {
        seed();
        String[][] cases = {
            {"/api/v1/candles", "asset"},
            {"/api/v1/candles?asset=BTC&form=2026-01-01", "form"},
            {"/api/v1/candles?asset=BTC;DROP", "asset"},
            {"/api/v1/candles?asset=BTC&from=2026-13-01", "from"},
            {"/api/v1/candles?asset=BTC&to=yesterday", "to"},
            {"/api/v1/candles?asset=BTC&from=2026-02-01&to=2026-01-01", "from"},
            {"/api/v1/candles?asset=BTC&from=2025-01-01&to=2026-01-01", "from"},
            {"/api/v1/candles?asset=BTC&quality=best", "quality"},
            {"/api/v1/candles?asset=BTC&limit=0", "limit"},
            {"/api/v1/candles?asset=BTC&limit=10001", "limit"},
            {"/api/v1/candles?asset=BTC&offset=-1", "offset"},
            {"/api/v1/candles?asset=BTC&asset=ETH", "asset"},
            {"/api/v1/candles?asset=", "asset"},
            {"/api/v1/snapshot?from=2026-01-01T00:00:00Z", "from"},
            {"/api/v1/snapshot?format=xml", "format"},
            {"/api/v1/sentiment?from=1990-01-01&to=2026-01-01", "from"},
            {"/api/v1/etf-flows?by=week", "by"},
            {"/api/v1/indicators?asset=BTC&interval=5m", "interval"},
            {"/api/v1/indicators?asset=BTC&momentum=0", "momentum"},
            {"/api/v1/indicators?asset=BTC&sampled=maybe", "sampled"},
            {"/api/v1/sources?verbose=true", "verbose"},
            {"/api/v1/dead-letters?state=lost", "state"},
            {"/api/v1/dead-letters?source=", "source"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = get(c[0]);
            assertEquals(400, r.statusCode(), c[0] + " → " + r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("bad parameter", body.get("error").asText(), c[0]);
            assertEquals(c[1], body.get("parameter").asText(), c[0] + " → " + r.body());
            assertTrue(body.get("message").asText().contains(c[1]), r.body());
        }
        assertEquals(404, get("/api/v1/nothing-here").statusCode());
    }

    @Test
    void should_answer_a_store_failure_with_500_naming_its_cause() throws Exception {
        seed();
        sql("ALTER TABLE sentiment_daily RENAME TO sentiment_daily_away");
        try {
            HttpResponse<String> r = get("/api/v1/sentiment");
            assertEquals(500, r.statusCode(), r.body());
            JsonNode body = JSON.readTree(r.body());
            assertEquals("internal error", body.get("error").asText());
            assertTrue(body.get("message").asText().contains("sentiment_daily"), r.body());
        } finally {
            sql("ALTER TABLE sentiment_daily_away RENAME TO sentiment_daily");
        }
        assertEquals(200, get("/api/v1/sentiment").statusCode());
    }

    @Test
    void should_document_in_openapi_exactly_the_paths_and_parameters_it_serves() throws Exception {
        seed();
        JsonNode doc = ok("/api/v1/openapi.json");
        // relative to where the document was fetched from, not Camel's bind address
        String server = doc.get("servers").get(0).get("url").asText();
        assertEquals("/api/v1", server, doc.get("servers").toString());
        Set<String> documented = new java.util.TreeSet<>();
        doc.get("paths").fieldNames().forEachRemaining(documented::add);
        Set<String> served = new java.util.TreeSet<>();
        for (Endpoint e : Endpoint.values()) {
            served.add("/" + e.path());
        }
        assertEquals(served, documented);
        for (String path : documented) {
            JsonNode get = doc.get("paths").get(path).get("get");
            String url = server + path;
            assertNotNull(get, path + " has a GET");
            StringBuilder q = new StringBuilder();
            List<String> names = new ArrayList<>();
            for (JsonNode p : get.get("parameters")) {
                names.add(p.get("name").asText());
                if (p.path("required").asBoolean()) {
                    q.append(q.length() == 0 ? "?" : "&").append(p.get("name").asText()).append("=BTC");
                }
                // every documented default is accepted as given
                if (p.path("schema").has("default")) {
                    HttpResponse<String> r = get(url + (q.length() == 0 ? "?" : q + "&") + p.get("name").asText() + "="
                        + p.get("schema").get("default").asText());
                    assertEquals(200, r.statusCode(), path + " with the documented default of " + p.get("name") + ": " + r.body());
                }
            }
            Endpoint e = java.util.Arrays.stream(Endpoint.values()).filter(x -> path.endsWith("/" + x.path())).findFirst()
                .orElseThrow();
            assertEquals(e.params().stream().map(Param::name).toList(), names, path);
            assertEquals(200, get(url + q).statusCode(), url + q);
        }
    }

    @Test
    void should_serve_the_dashboard_files_byte_for_byte_and_nothing_else() throws Exception {
        seed();
        HttpResponse<byte[]> js = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT
            + "/vendor/lightweight-charts-5.2.1.standalone.production.js")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, js.statusCode());
        try (var in = getClass().getClassLoader().getResourceAsStream("web/vendor/lightweight-charts-5.2.1.standalone.production.js")) {
            assertArrayEquals(in.readAllBytes(), js.body(), "the library as packed, not re-encoded");
        }
        HttpResponse<byte[]> icon = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT
            + "/favicon.svg")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("image/svg+xml", icon.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/vendor/lightweight-charts-5.2.1.standalone.production.js"));
        assertTrue(page.body().contains("https://www.tradingview.com/"), "the attribution the license requires");
        assertFalse(page.body().contains("//cdn") || page.body().contains("src=\"http"), "nothing from the network");
        // neither the installation's files nor the classpath are served
        for (String p : List.of("/application.properties", "/defaults/application.properties", "/sql/api_candles.sql",
                "/web/index.html", "/log4j2.xml", "/index.html")) {
            assertEquals(404, get(p).statusCode(), p);
        }
    }

    // ---- indicators: the API against a computation written here from the definitions, on the recorded closes ----

    @Test
    void should_compute_hourly_indicators_as_an_independent_computation_on_the_recorded_closes() throws Exception {
        seed();
        // a gap: one hour taken out of the recorded series (restored after)
        Map<String, Object> removed = query("SELECT * FROM ohlc_hourly WHERE asset = 'BTC' ORDER BY ts_utc"
            + " LIMIT 1 OFFSET 400").get(0);
        sql("DELETE FROM ohlc_hourly WHERE asset = 'BTC' AND ts_utc = '" + removed.get("ts_utc") + "'");
        try {
            TreeMap<Instant, Double> closes = new TreeMap<>();
            int sampled = 0;
            for (Map<String, Object> r : query("SELECT ts_utc, close, quality FROM ohlc_hourly WHERE asset = 'BTC'"
                    + " AND quality IN ('ohlc', 'sampled')")) {
                closes.put(Instant.parse((String) r.get("ts_utc")), ((Number) r.get("close")).doubleValue());
                sampled += "sampled".equals(r.get("quality")) ? 1 : 0;
            }
            Instant from = closes.firstKey().plus(10, ChronoUnit.DAYS);
            Instant to = closes.lastKey();
            JsonNode ind = ok("/api/v1/indicators?asset=BTC&interval=1h&from=" + from + "&to=" + to);
            assertEquals(sampled, ind.get("sampled_closes").asInt(), "the answer says how many closes were sampled");
            assertTrue(sampled > 300, "the recording's backfill is sampled");
            Instant gap = Instant.parse((String) removed.get("ts_utc"));
            int compared = compare(ind, closes, ChronoUnit.HOURS, 24 * 365, 24, 24);
            assertTrue(compared > 200, "hours compared: " + compared);
            JsonNode atGap = row(ind, gap.toString());
            assertTrue(atGap.get("close").isNull() && atGap.get("sma_20").isNull() && atGap.get("ema_12").isNull());
            JsonNode after = row(ind, gap.plus(19, ChronoUnit.HOURS).toString());
            assertTrue(after.get("sma_20").isNull(), "19 hours after the gap SMA 20 has no full window: " + after);
            assertFalse(row(ind, gap.plus(20, ChronoUnit.HOURS).toString()).get("sma_20").isNull());
            assertTrue(nonNull(ind, "sma_200") > 0 && nonNull(ind, "volatility_7d_pct") > 0 && nonNull(ind, "rsi_14") > 0,
                "the long windows have values on 30 days of data");

            // sampled=exclude: only true hourly candles count, the sampled hours are gaps
            JsonNode strict = ok("/api/v1/indicators?asset=BTC&interval=1h&sampled=exclude&from=" + from + "&to=" + to);
            assertEquals(0, strict.get("sampled_closes").asInt());
            TreeMap<Instant, Double> ohlcOnly = new TreeMap<>();
            for (Map<String, Object> r : query("SELECT ts_utc, close FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'ohlc'")) {
                ohlcOnly.put(Instant.parse((String) r.get("ts_utc")), ((Number) r.get("close")).doubleValue());
            }
            compare(strict, ohlcOnly, ChronoUnit.HOURS, 24 * 365, 24, 24);
            assertEquals(0, nonNull(strict, "sma_200"), "a day of true candles is no 200-hour window");
        } finally {
            io.marketintel.store.Jdbc.update(ds(), "INSERT INTO ohlc_hourly (asset, ts_utc, open, high, low, close, session,"
                    + " ingested_at, quality, volume_24h_usd, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                removed.get("asset"), removed.get("ts_utc"), removed.get("open"), removed.get("high"), removed.get("low"),
                removed.get("close"), removed.get("session"), removed.get("ingested_at"), removed.get("quality"),
                removed.get("volume_24h_usd"), removed.get("source"));
        }
    }

    @Test
    void should_compute_daily_indicators_from_the_23h_closes() throws Exception {
        seed();
        TreeMap<Instant, Double> closes = new TreeMap<>();
        for (Map<String, Object> r : query("SELECT ts_utc, close FROM ohlc_hourly WHERE asset = 'BTC'"
                + " AND quality IN ('ohlc', 'sampled') AND ts_utc LIKE '%T23:00:00Z'")) {
            closes.put(Instant.parse((String) r.get("ts_utc")).truncatedTo(ChronoUnit.DAYS),
                ((Number) r.get("close")).doubleValue());
        }
        assertTrue(closes.size() >= 28, "daily closes: " + closes.size());
        LocalDate from = LocalDate.ofInstant(closes.firstKey(), java.time.ZoneOffset.UTC);
        JsonNode ind = ok("/api/v1/indicators?asset=BTC&interval=1d&from=" + from + "&momentum=5");
        assertEquals(5, ind.get("momentum_periods").asInt());
        int compared = compare(ind, closes, ChronoUnit.DAYS, 365, 1, 5);
        assertTrue(compared >= 28, "days compared: " + compared);
        assertTrue(nonNull(ind, "sma_20") > 0 && nonNull(ind, "ema_26") > 0 && nonNull(ind, "volatility_7d_pct") > 0);
        assertEquals(0, nonNull(ind, "sma_50"), "a month of days is no 50-day window");
        assertEquals(0, nonNull(ind, "volatility_30d_pct"), "30 daily returns need 31 closes");
    }

    /** Compares every API row with the reference below; returns the rows that had a close. */
    private static int compare(JsonNode ind, TreeMap<Instant, Double> closes, ChronoUnit unit, double perYear, int perDay,
                               int momentum) {
        int n = 0;
        for (JsonNode row : ind.get("rows")) {
            String time = row.get("time").asText();
            Instant t = time.length() == 10 ? LocalDate.parse(time).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                : Instant.parse(time);
            Reference ref = new Reference(closes, unit);
            check(row, "close", closes.get(t));
            check(row, "sma_20", ref.sma(t, 20));
            check(row, "sma_50", ref.sma(t, 50));
            check(row, "sma_200", ref.sma(t, 200));
            check(row, "ema_12", ref.ema(t, 12));
            check(row, "ema_26", ref.ema(t, 26));
            check(row, "rsi_14", ref.rsi(t, 14));
            check(row, "volatility_7d_pct", ref.volatility(t, 7 * perDay, perYear));
            check(row, "volatility_30d_pct", ref.volatility(t, 30 * perDay, perYear));
            check(row, "momentum_pct", ref.momentum(t, momentum));
            n += closes.containsKey(t) ? 1 : 0;
        }
        return n;
    }

    private static void check(JsonNode row, String field, Double expected) {
        JsonNode v = row.get(field);
        if (expected == null) {
            assertTrue(v.isNull(), field + " must be NULL at " + row.get("time") + ": " + row);
        } else {
            assertFalse(v.isNull(), field + " must have a value at " + row.get("time") + ": " + row);
            assertEquals(expected, v.asDouble(), Math.abs(expected) * 1e-9 + 1e-9, field + " at " + row.get("time"));
        }
    }

    private static JsonNode row(JsonNode ind, String time) {
        for (JsonNode r : ind.get("rows")) {
            if (r.get("time").asText().equals(time)) {
                return r;
            }
        }
        throw new AssertionError("no row at " + time);
    }

    private static int nonNull(JsonNode ind, String field) {
        int n = 0;
        for (JsonNode r : ind.get("rows")) {
            n += r.get(field).isNull() ? 0 : 1;
        }
        return n;
    }

    /**
     * The indicators from their textbook definitions, by time (a map of closes; a missing time is a gap), written
     * apart from {@code Indicators}: windows by walking back in time, recursions from the start of the run of closes.
     */
    private record Reference(TreeMap<Instant, Double> c, ChronoUnit unit) {

        Double at(Instant t, int back) {
            return c.get(t.minus(back, unit));
        }

        /** the first time of the unbroken run of closes that ends at t */
        Instant runStart(Instant t) {
            Instant s = t;
            while (c.containsKey(s.minus(1, unit))) {
                s = s.minus(1, unit);
            }
            return s;
        }

        long runLength(Instant t) {
            return c.containsKey(t) ? unit.between(runStart(t), t) + 1 : 0;
        }

        Double sma(Instant t, int n) {
            if (runLength(t) < n) {
                return null;
            }
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += at(t, k);
            }
            return s / n;
        }

        Double ema(Instant t, int n) {
            if (runLength(t) < n) {
                return null;
            }
            Instant seedAt = runStart(t).plus(n - 1, unit);
            double e = sma(seedAt, n);
            double a = 2.0 / (n + 1);
            for (Instant u = seedAt.plus(1, unit); !u.isAfter(t); u = u.plus(1, unit)) {
                e = a * c.get(u) + (1 - a) * e;
            }
            return e;
        }

        Double rsi(Instant t, int n) {
            if (runLength(t) < n + 1) {
                return null;
            }
            Instant s = runStart(t);
            double g = 0;
            double l = 0;
            for (int k = 1; k <= n; k++) {
                double d = c.get(s.plus(k, unit)) - c.get(s.plus(k - 1, unit));
                g += Math.max(d, 0);
                l += Math.max(-d, 0);
            }
            g /= n;
            l /= n;
            for (Instant u = s.plus(n + 1, unit); !u.isAfter(t); u = u.plus(1, unit)) {
                double d = c.get(u) - c.get(u.minus(1, unit));
                g = (g * (n - 1) + Math.max(d, 0)) / n;
                l = (l * (n - 1) + Math.max(-d, 0)) / n;
            }
            return l == 0 ? (g == 0 ? 50.0 : 100.0) : 100 - 100 / (1 + g / l);
        }

        Double volatility(Instant t, int k, double perYear) {
            if (runLength(t) < k + 1) {
                return null;
            }
            double[] r = new double[k];
            for (int i = 0; i < k; i++) {
                r[i] = Math.log(at(t, i) / at(t, i + 1));
            }
            double mean = java.util.Arrays.stream(r).average().orElseThrow();
            double ss = java.util.Arrays.stream(r).map(x -> (x - mean) * (x - mean)).sum();
            return Math.sqrt(ss / (k - 1) * perYear) * 100;
        }

        Double momentum(Instant t, int n) {
            Double now = c.get(t);
            Double then = at(t, n);
            return now == null || then == null ? null : (now / then - 1) * 100;
        }
    }
}
