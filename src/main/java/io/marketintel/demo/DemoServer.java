package io.marketintel.demo;

import java.util.function.Supplier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code --demo}: an HTTP server on 127.0.0.1 (a free port) that answers like CoinGecko, Alternative.me and Farside
 * from real recorded responses packed in the jar ({@code src/main/resources/demo/}, provenance in its README),
 * re-stamped to the present (see {@link RecordedMarketChart}, {@link RecordedFearGreed}, {@link RecordedFarsidePage}).
 * The runtime is pointed at it by {@link #properties()} and otherwise runs its production path: routes, HTTP
 * client, error policy, parsing, upserts, CSV, snapshot, summary.
 * <p>
 * Served: {@code /api/v3/ping}, {@code /api/v3/coins/bitcoin/market_chart?vs_currency=usd&days=N},
 * {@code /api/v3/coins/bitcoin/ohlc?vs_currency=usd&days=1} (derived), {@code /fng/?limit=N}, {@code /btc/} (GET and
 * HEAD). Anything else (ETH, other coins, SoSoValue) has no recording and answers 404. Responses are rendered once
 * per re-stamping (the CoinGecko shift changes once an hour, the others once a day) and cached as bytes.
 */
public final class DemoServer implements AutoCloseable {

    static final String MARKET_CHART = "demo/coingecko_market_chart_bitcoin_30d_hourly_bonifazdaniel.json";
    static final String FEAR_GREED = "demo/alternative_me_fng_limit365_paleaura01.json";
    static final String FARSIDE_BTC = "demo/farside_btc_trimmed_portafolio_crypto.html";

    static final String JSON_UTF8 = "application/json; charset=utf-8";
    static final String JSON = "application/json";
    static final String HTML = "text/html; charset=UTF-8";

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final RecordedMarketChart bitcoin;
    private final RecordedFearGreed fearGreed;
    private final RecordedFarsidePage farsideBtc;
    private final Clock clock;
    private final HttpServer server;
    /** rendered answers by path, parameters and re-stamping; a few entries at most (LRU). */
    private final Map<String, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 16;
        }
    };

    private DemoServer(Clock clock) throws IOException {
        this.clock = clock;
        this.bitcoin = RecordedMarketChart.parse(resource(MARKET_CHART));
        this.fearGreed = RecordedFearGreed.parse(resource(FEAR_GREED));
        this.farsideBtc = new RecordedFarsidePage(resource(FARSIDE_BTC));
        // TCP_NODELAY on accepted sockets: the JDK server writes headers and body separately, and Nagle's algorithm
        // against the client's delayed ACK stalls every response ~40 ms (measured: 52 ms per call without it)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
    }

    /** Loads the recordings, binds a free loopback port, pre-renders the answers a default run asks for. */
    public static DemoServer start(Clock clock) throws IOException {
        DemoServer s = new DemoServer(clock);
        s.server.start();
        s.answer("/api/v3/coins/bitcoin/market_chart", Map.of("vs_currency", "usd", "days", "14"));
        s.answer("/api/v3/coins/bitcoin/ohlc", Map.of("vs_currency", "usd", "days", "1"));
        s.answer("/fng/", Map.of("limit", "30"));
        s.answer("/btc/", Map.of());
        return s;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * What {@code --demo} sets before Camel starts: every API root at this server, only what was recorded
     * (CoinGecko bitcoin, Farside BTC; SoSoValue off, no keys sent), and a store of its own under {@code data/}.
     */
    public Properties properties() {
        Properties p = new Properties();
        p.put("feargreed.base-url", baseUrl());
        p.put("coingecko.base-url", baseUrl() + "/api/v3");
        p.put("coingecko.pro-base-url", baseUrl() + "/api/v3");
        p.put("farside.base-url", baseUrl());
        p.put("sosovalue.base-url", baseUrl() + "/sosovalue");
        // only what has a recording: bitcoin (no ETH recording), the Farside BTC page, no SoSoValue answer at all
        p.put("coingecko.plan", "public");
        p.put("coingecko.assets", "bitcoin:BTC");
        p.put("etf.farside.assets", "BTC");
        p.put("etf.farside.backfill", "false");
        p.put("etf.sosovalue.enabled", "false");
        // a local server has no rate limit to respect
        p.put("coingecko.rate-limit-delay-seconds", "0");
        // demo data never mixes with real data (and a configured PostgreSQL db.url is not used either)
        p.put("db.url", "");
        p.put("db.path", "data/demo.db");
        p.put("backup.csv.path", "data/demo/backups");
        p.put("deadletter.path", "data/demo/deadletter");
        p.put("etf.inbox.path", "data/demo/inbox/etf");
        return p;
    }

    /** The lines the run summary starts with: recorded data, which recordings, their dates, how they were moved. */
    public String note(String store) {
        long now = clock.millis();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        long hours = bitcoin.shiftMs(now) / RecordedMarketChart.HOUR;
        return "DEMO on RECORDED data: no API was called; " + baseUrl() + " replayed real recorded responses,\n"
            + "re-stamped to the present (values as recorded, only times moved; see demo/README.md in the jar):\n"
            + "  • CoinGecko bitcoin /market_chart?days=30 (" + bitcoin.samples() + " samples) recorded "
            + MINUTE.format(Instant.ofEpochMilli(bitcoin.firstMs())) + " – " + MINUTE.format(Instant.ofEpochMilli(bitcoin.lastMs()))
            + ",\n    moved by whole hours to end in the past hour (now +" + hours + " h); /ohlc 30-minute candles derived from it\n"
            + "  • Fear & Greed /fng/?limit=365 recorded " + fearGreed.oldestDay() + " – " + fearGreed.newestDay()
            + ", moved +" + fearGreed.shiftDays(today) + " days to end today\n"
            + "  • Farside /btc/ recorded " + DAY.format(farsideBtc.oldestDay()) + " – " + DAY.format(farsideBtc.newestDay())
            + ", moved +" + farsideBtc.shiftWeeks(today) + " weeks (weekdays kept)\n"
            + "  Store: " + store + " (real data stays in its own database)\n";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            boolean head = "HEAD".equals(ex.getRequestMethod());
            Answer a = head || "GET".equals(ex.getRequestMethod())
                ? answer(ex.getRequestURI().getPath(), query(ex.getRequestURI().getRawQuery()))
                : new Answer(405, JSON, bytes("{\"error\":\"demo server: GET only\"}"));
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            ex.sendResponseHeaders(a.status(), head ? -1 : a.body().length);
            if (!head) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(a.body());
                }
            }
        }
    }

    /** One rendered answer (also served by the acceptance suite's imitation of the APIs). */
    /**
     * When the CoinGecko answers next move by an hour: the recording is re-stamped by whole hours counted from its last
     * sample, so the move comes at that sample's minute of each hour, not at the top of the UTC hour.
     */
    public Instant nextCoinGeckoShift(Instant now) {
        long into = Math.floorMod(now.toEpochMilli() - bitcoin.lastMs(), RecordedMarketChart.HOUR);
        return now.plusMillis(RecordedMarketChart.HOUR - into);
    }

    public record Answer(int status, String contentType, byte[] body) {
    }

    /** The recorded answer to GET {@code path?q}, re-stamped to the clock. */
    public Answer answer(String path, Map<String, String> q) {
        long now = clock.millis();
        LocalDate today = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate();
        switch (path) {
            case "/api/v3/ping":
                return new Answer(200, JSON_UTF8, bytes("{\"gecko_says\":\"(V3) To the Moon!\"}"));
            case "/api/v3/coins/bitcoin/market_chart": {
                if (!"usd".equalsIgnoreCase(q.getOrDefault("vs_currency", ""))) {
                    return notRecorded("vs_currency other than usd");
                }
                Integer days = wholeNumber(q.get("days"));
                if (days == null || days < 1) {
                    return new Answer(400, JSON_UTF8, bytes("{\"error\":\"demo server: days must be a whole number >= 1\"}"));
                }
                long shift = bitcoin.shiftMs(now);
                return new Answer(200, JSON_UTF8, cached("mc|" + days + "|" + shift,
                    () -> bitcoin.marketChart(now, days)));
            }
            case "/api/v3/coins/bitcoin/ohlc": {
                if (!"usd".equalsIgnoreCase(q.getOrDefault("vs_currency", "")) || !"1".equals(q.get("days"))) {
                    return notRecorded("/ohlc other than vs_currency=usd&days=1");
                }
                return new Answer(200, JSON_UTF8, cached("ohlc|" + bitcoin.shiftMs(now), () -> bitcoin.ohlc30m(now)));
            }
            case "/fng/", "/fng": {
                Integer parsed = wholeNumber(q.get("limit"));
                int limit = parsed == null ? 1 : parsed;
                return new Answer(200, JSON, cached("fng|" + limit + "|" + today, () -> fearGreed.render(today, limit)));
            }
            case "/btc/":
                return new Answer(200, HTML, cached("btc|" + today, () -> farsideBtc.render(today)));
            default:
                if (path.startsWith("/api/v3/coins/") && !path.startsWith("/api/v3/coins/bitcoin/")) {
                    // CoinGecko's own answer for an unknown id; the demo only has bitcoin
                    return new Answer(404, JSON_UTF8, bytes("{\"error\":\"coin not found\"}"));
                }
                return notRecorded(path);
        }
    }

    private static Answer notRecorded(String what) {
        return new Answer(404, JSON, bytes("{\"error\":\"demo server: no recording for " + what.replace("\"", "")
            + "\"}"));
    }

    private byte[] cached(String key, Supplier<String> render) {
        synchronized (cache) {
            return cache.computeIfAbsent(key, k -> bytes(render.get()));
        }
    }

    private static Integer wholeNumber(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String resource(String name) {
        try (InputStream in = DemoServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("recording " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
