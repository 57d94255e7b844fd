package io.marketintel.acceptance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.marketintel.demo.DemoServer;

/**
 * An imitation of the four APIs on 127.0.0.1 for the acceptance suite. By default it answers like the real APIs with
 * the recordings the jar bundles (CoinGecko bitcoin re-stamped to now, also served for ethereum; Fear &amp; Greed;
 * Farside's BTC page, and an ETH page made from it with ETH fund tickers). A test replaces any path's answer with
 * {@link #answer(String, Responder)} (faults, shape changes, empty bodies) and reads what was asked in {@link #requests()}.
 */
public final class FakeApis implements AutoCloseable {

    /** What one request asked. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers) {
        public String uri() {
            return query == null ? path : path + "?" + query;
        }
    }

    /** An answer: status, content type, body. */
    public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        public static Reply of(int status, String contentType, String body) {
            return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    /** Computes a reply for a request (may count calls to answer differently the n-th time). */
    @FunctionalInterface
    public interface Responder {
        Reply reply(Request request);
    }

    private static final String[] BTC_TICKERS = {"IBIT", "FBTC", "BITB", "ARKB", "BTCO", "EZBC", "BRRR", "HODL", "BTCW",
        "GBTC", "MSBT", "BTC"};
    private static final String[] ETH_TICKERS = {"ETHA", "FETH", "ETHW", "CETH", "ETHV", "QETH", "EZET", "ETHE", "TETH",
        "XETH", "YETH", "ETH"};

    private final DemoServer recordings;
    private final HttpServer server;
    private final Map<String, Responder> overrides = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> coinsLikeBitcoin = new CopyOnWriteArrayList<>(List.of("ethereum"));

    public FakeApis() throws IOException {
        recordings = DemoServer.start(Clock.systemUTC());
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The base-URL properties that point an installation at this server (the only test-only settings). */
    public List<String> baseUrlProperties() {
        return List.of("-Dfeargreed.base-url=" + baseUrl(), "-Dcoingecko.base-url=" + baseUrl() + "/api/v3",
            "-Dcoingecko.pro-base-url=" + baseUrl() + "/api/v3", "-Dfarside.base-url=" + baseUrl(),
            "-Dsosovalue.base-url=" + baseUrl() + "/sosovalue");
    }

    /** Replaces the answer for a path (exact match on the path, query ignored). */
    public FakeApis answer(String path, Responder r) {
        overrides.put(path, r);
        return this;
    }

    /** More CoinGecko coin ids answered with the bitcoin recordings (as ethereum is), for runs of many assets. */
    public FakeApis coinsLikeBitcoin(String... coinIds) {
        coinsLikeBitcoin.addAll(List.of(coinIds));
        return this;
    }

    /** The default (recorded) answer to a request: a responder that fails only some calls answers the rest so. */
    public Reply recording(Request req) {
        return recorded(req);
    }

    /** When the recorded CoinGecko answers next move by an hour (see DemoServer#nextCoinGeckoShift). */
    public java.time.Instant nextCoinGeckoShift() {
        return recordings.nextCoinGeckoShift(java.time.Instant.now());
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public List<Request> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()));
            requests.add(req);
            Responder o = overrides.get(req.path());
            Reply reply = o != null ? o.reply(req) : recorded(req);
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            boolean head = "HEAD".equals(req.method());
            ex.sendResponseHeaders(reply.status(), head || reply.body().length == 0 ? -1 : reply.body().length);
            if (!head && reply.body().length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(reply.body());
                }
            }
        }
    }

    private Reply recorded(Request req) {
        String path = req.path();
        boolean eth = false;
        for (String coin : coinsLikeBitcoin) {
            if (path.startsWith("/api/v3/coins/" + coin + "/")) {
                path = path.replace("/" + coin + "/", "/bitcoin/");
            }
        }
        if (path.equals("/eth/")) {
            path = "/btc/";
            eth = true;
        }
        DemoServer.Answer a = recordings.answer(path, DemoServer.query(req.query()));
        byte[] body = a.body();
        if (eth) {
            String html = new String(body, StandardCharsets.UTF_8);
            for (int i = 0; i < BTC_TICKERS.length; i++) {
                // the recorded header cells pad some tickers with spaces and no-break spaces, others not at all
                html = html.replaceAll("(>[\\s\\u00A0]*)" + BTC_TICKERS[i] + "</span>", "$1" + ETH_TICKERS[i] + "</span>");
            }
            body = html.getBytes(StandardCharsets.UTF_8);
        }
        return new Reply(a.status(), a.contentType(), body, Map.of());
    }

    @Override
    public void close() {
        server.stop(0);
        recordings.close();
    }
}
