package io.marketintel.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.marketintel.source.coingecko.CoinGeckoMapper;
import io.marketintel.source.coingecko.OhlcRow;
import io.marketintel.source.coingecko.Sessions;
import io.marketintel.store.Database;
import io.marketintel.store.OhlcRepository;
import io.marketintel.store.Utc;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8's benchmark: {@code ./mvnw -B -q -Pbench verify}. Not a timed test: it prints figures, appends them to
 * {@code bench/results.jsonl}, and fails only on a correctness check (row counts, table checksums).
 * <ol>
 * <li>raw: plain JDBC addBatch of the rows into a fresh SQLite file, one transaction (the physical reference);</li>
 * <li>store: the production repository upserting the same rows (one transaction per asset, as the route does);</li>
 * <li>route: the packaged runtime, {@code --once}, end to end against a local server answering like CoinGecko;</li>
 * <li>re-run: the same again (every row present);</li>
 * <li>memory: peak RSS and heap of the route at {@code bench.memory.assets} x {@code bench.memory.days};</li>
 * <li>start: {@code java -jar} to routes started; and the Python baseline on the same server.</li>
 * </ol>
 */
class PerformanceBench {

    static final int ASSETS = Integer.getInteger("bench.assets", 100);
    static final int DAYS = Integer.getInteger("bench.days", 90);
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    static final int MEM_ASSETS = Integer.getInteger("bench.memory.assets", 500);
    static final int MEM_DAYS = Integer.getInteger("bench.memory.days", 84);
    static final String JAR = System.getProperty("market-intel.jar", "target/market-intel.jar");
    static final String TUNED = System.getProperty("bench.jvm", "-XX:+UseSerialGC -Xmx160m -XX:TieredStopAtLevel=1");

    /** A local server answering like CoinGecko with responses rendered before any timing. */
    static final class Api implements AutoCloseable {
        final HttpServer server;
        final Map<String, byte[]> responses = new ConcurrentHashMap<>();

        Api() throws IOException {
            // TCP_NODELAY on accepted sockets: otherwise Nagle vs. delayed ACK stalls each response ~40 ms
            System.setProperty("sun.net.httpserver.nodelay", "true");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
            server.createContext("/", ex -> {
                byte[] body = responses.get(ex.getRequestURI().getPath());
                int status = body == null ? 404 : 200;
                if (body == null) {
                    body = "{\"error\":\"coin not found\"}".getBytes(StandardCharsets.UTF_8);
                }
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** market_chart (one sample per hour at a random minute, 24-h volume) and ohlc?days=1 (48 half-hour candles). */
    static void render(Api api, int assets, int days, Instant now) {
        api.responses.clear();
        long end = now.toEpochMilli();
        int samples = days * 24;
        for (int a = 0; a < assets; a++) {
            Random r = new Random(a);
            double price = 100 + a;
            StringBuilder prices = new StringBuilder(samples * 32).append("{\"prices\":[");
            StringBuilder caps = new StringBuilder(samples * 32).append("],\"market_caps\":[");
            StringBuilder vols = new StringBuilder(samples * 32).append("],\"total_volumes\":[");
            long firstHour = (end / 3_600_000L - samples + 1) * 3_600_000L;
            for (int i = 0; i < samples; i++) {
                long ts = firstHour + i * 3_600_000L + r.nextInt(3_000_000);
                if (ts > end) {
                    ts = end;
                }
                price *= 1 + (r.nextGaussian() * 0.004);
                String sep = i == 0 ? "" : ",";
                prices.append(sep).append('[').append(ts).append(',').append(price).append(']');
                caps.append(sep).append('[').append(ts).append(',').append(price * 1.9e7).append(']');
                vols.append(sep).append('[').append(ts).append(',').append(1e9 + r.nextInt(1_000_000)).append(']');
            }
            api.responses.put("/coins/coin-" + a + "/market_chart",
                (prices.toString() + caps + vols + "]}").getBytes(StandardCharsets.UTF_8));
            StringBuilder ohlc = new StringBuilder("[");
            long grid = end / 1_800_000L * 1_800_000L;
            for (int k = 47; k >= 0; k--) {
                double o = price;
                double c = price * (1 + r.nextGaussian() * 0.002);
                double h = Math.max(o, c) * 1.001;
                double l = Math.min(o, c) * 0.999;
                price = c;
                ohlc.append(k == 47 ? "" : ",").append('[').append(grid - k * 1_800_000L).append(',').append(o).append(',')
                    .append(h).append(',').append(l).append(',').append(c).append(']');
            }
            api.responses.put("/coins/coin-" + a + "/ohlc", ohlc.append(']').toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    record Stats(double median, double min, double max) {
        static Stats of(List<Double> v) {
            List<Double> s = new ArrayList<>(v);
            Collections.sort(s);
            return new Stats(s.get(s.size() / 2), s.get(0), s.get(s.size() - 1));
        }

        String json() {
            return String.format(Locale.ROOT, "{\"median\":%.0f,\"min\":%.0f,\"max\":%.0f}", median, min, max);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", median, min, max);
        }
    }

    /** The rows the route ends with, per asset, from the production mapper (sampled first, then the candles win). */
    static List<List<OhlcRow>> expected(Api api, int assets, Instant now) {
        CoinGeckoMapper mapper = new CoinGeckoMapper(new Sessions(0, 7, 13), Clock.systemUTC());
        List<List<OhlcRow>> out = new ArrayList<>();
        for (int a = 0; a < assets; a++) {
            Map<Long, OhlcRow> rows = new LinkedHashMap<>();
            String chart = new String(api.responses.get("/coins/coin-" + a + "/market_chart"), StandardCharsets.UTF_8);
            String ohlc = new String(api.responses.get("/coins/coin-" + a + "/ohlc"), StandardCharsets.UTF_8);
            for (OhlcRow row : mapper.sampled(chart, "C" + a, now).getRows()) {
                rows.put(row.openMs(), row);
            }
            for (OhlcRow row : mapper.halfHourly(ohlc, "C" + a, now).getRows()) {
                rows.put(row.openMs(), row);
            }
            out.add(new ArrayList<>(rows.values()));
        }
        return out;
    }

    static double raw(Path db, List<List<OhlcRow>> rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE ohlc_hourly (asset TEXT NOT NULL, ts_utc TEXT NOT NULL, open REAL, high REAL, low REAL,"
                + " close REAL, session TEXT, ingested_at TEXT, quality TEXT, volume_24h_usd REAL, source TEXT,"
                + " PRIMARY KEY (asset, ts_utc))");
            long t0 = System.nanoTime();
            int n = 0;
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ohlc_hourly VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                String now = Utc.iso(Instant.now());
                for (List<OhlcRow> asset : rows) {
                    for (OhlcRow r : asset) {
                        ps.setString(1, r.asset());
                        ps.setString(2, Utc.iso(r.openTime()));
                        ps.setDouble(3, r.open());
                        ps.setDouble(4, r.high());
                        ps.setDouble(5, r.low());
                        ps.setDouble(6, r.close());
                        ps.setString(7, r.session());
                        ps.setString(8, now);
                        ps.setString(9, r.quality());
                        if (r.volume24hUsd() == null) {
                            ps.setNull(10, java.sql.Types.DOUBLE);
                        } else {
                            ps.setDouble(10, r.volume24hUsd());
                        }
                        ps.setString(11, "coingecko");
                        ps.addBatch();
                        if (++n % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double store(Path db, List<List<OhlcRow>> rows) throws Exception {
        Database.Options o = new Database.Options(Database.sqliteUrl(db.toString()), null, null, 10_000, "NORMAL", false);
        try (HikariDataSource ds = Database.open(o)) {
            Database.migrate(ds);
            OhlcRepository repo = new OhlcRepository(ds, Clock.systemUTC());
            long t0 = System.nanoTime();
            int n = 0;
            for (List<OhlcRow> asset : rows) {
                n += repo.upsert(asset).rows();
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    record Child(long wallMs, int rows, double routeSeconds, long peakRssKb, long peakHeapMb, String stdout) {
    }

    /** Runs the packaged runtime with --once against the local API; measures wall, peak RSS (VmHWM) and heap (GC log). */
    static Child once(Path home, Api api, int assets, int days, String jvmFlags) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int a = 0; a < assets; a++) {
            list.append(a == 0 ? "" : ",").append("coin-").append(a).append(":C").append(a);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!jvmFlags.isBlank()) {
            cmd.addAll(List.of(jvmFlags.split("\\s+")));
        }
        Path gc = home.resolve("gc.log");
        cmd.add("-Xlog:gc:file=" + gc);
        for (String kv : List.of("coingecko.base-url=" + api.url(), "coingecko.assets=" + list,
            "coingecko.window-days=" + days, "coingecko.rate-limit-delay-seconds=0", "feargreed.enabled=false",
            "etf.farside.enabled=false", "etf.inbox.enabled=false", "etf.sosovalue.enabled=false",
            "snapshot.enabled=false", "backup.csv.enabled=false")) {
            cmd.add("-D" + kv);
        }
        cmd.addAll(List.of("-jar", Path.of(JAR).toAbsolutePath().toString(), "--once"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
            .redirectOutput(home.resolve("out.log").toFile()).start();
        long peak = 0;
        Path status = Path.of("/proc/" + p.pid() + "/status");
        while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peak = Math.max(peak, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            } catch (IOException ignored) {
                // the process just ended
            }
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        String out = Files.readString(home.resolve("out.log"));
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("coingecko-ohlc: SUCCESS, (\\d+) row\\(s\\), ([\\d.]+) s").matcher(out);
        assertTrue(m.find(), out);
        long heap = 0;
        if (Files.exists(gc)) {
            Matcher g = Pattern.compile("(\\d+)M->(\\d+)M").matcher(Files.readString(gc));
            while (g.find()) {
                heap = Math.max(heap, Long.parseLong(g.group(1)));
            }
        }
        return new Child(wall, Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)), peak, heap, out);
    }

    static Path install() throws IOException {
        Path home = Files.createTempDirectory("market-intel-bench");
        Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
        Files.createDirectories(home.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, home.resolve("routes").resolve(f.getFileName()));
            }
        }
        return home;
    }

    static String digest(Path db, String before) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement("SELECT asset, ts_utc, open, high, low, close, quality, session"
                 + " FROM ohlc_hourly WHERE ts_utc < ? ORDER BY asset, ts_utc")) {
            ps.setString(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                    md.update((rs.getString(1) + '|' + rs.getString(2) + '|' + rs.getDouble(3) + '|' + rs.getDouble(4) + '|'
                        + rs.getDouble(5) + '|' + rs.getDouble(6) + '|' + rs.getString(7) + '|' + rs.getString(8) + '\n')
                        .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return n + ":" + HexFormat.of().formatHex(md.digest());
    }

    static long startToRoutesStarted(Path home) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dfeargreed.enabled=false", "-Dcoingecko.enabled=false", "-Detf.farside.enabled=false",
            "-Detf.inbox.enabled=false", "-Dsnapshot.enabled=false", "-jar", Path.of(JAR).toAbsolutePath().toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
            .redirectOutput(home.resolve("start.log").toFile()).start();
        try {
            while (true) {
                if (Files.readString(home.resolve("start.log")).contains("market-intel started in ")) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
                if (!p.isAlive() || System.nanoTime() - t0 > 60_000_000_000L) {
                    throw new AssertionError("did not start: " + Files.readString(home.resolve("start.log")));
                }
                p.waitFor(5, TimeUnit.MILLISECONDS);
            }
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void benchmark() throws Exception {
        StringBuilder json = new StringBuilder("{");
        try (Api api = new Api()) {
            Instant now = Instant.now();
            render(api, ASSETS, DAYS, now);
            List<List<OhlcRow>> rows = expected(api, ASSETS, now);
            long total = rows.stream().mapToLong(List::size).sum();
            String cutoff = Utc.iso(now.truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS));
            System.out.printf("%nmarket-intel benchmark: %d assets x %d days = %,d rows, %d runs each, %d cores%n",
                ASSETS, DAYS, total, RUNS, Runtime.getRuntime().availableProcessors());

            List<Double> rawRates = new ArrayList<>();
            List<Double> storeRates = new ArrayList<>();
            List<Double> storeRerun = new ArrayList<>();
            String storeDigest = null;
            for (int i = 0; i < RUNS; i++) {
                Path dir = Files.createTempDirectory("bench");
                rawRates.add(raw(dir.resolve("raw.db"), rows));
                storeRates.add(store(dir.resolve("store.db"), rows));
                storeRerun.add(store(dir.resolve("store.db"), rows));
                String d = digest(dir.resolve("store.db"), cutoff);
                assertEquals(digest(dir.resolve("raw.db"), cutoff), d, "raw and store hold the same rows");
                storeDigest = d;
            }
            List<Double> routeRates = new ArrayList<>();
            List<Double> walls = new ArrayList<>();
            List<Double> rerunSeconds = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Path home = install();
                Child c = once(home, api, ASSETS, DAYS, "");
                assertEquals(storeDigest, digest(home.resolve("data/market_intel.db"), cutoff),
                    "the route stores exactly the rows the mapper and repository produce");
                routeRates.add(total / c.routeSeconds());
                walls.add((double) c.wallMs());
                Child again = once(home, api, ASSETS, DAYS, "");
                rerunSeconds.add(again.routeSeconds() * 1000);
                assertEquals(storeDigest, digest(home.resolve("data/market_intel.db"), cutoff), "a re-run changes nothing");
            }
            Stats raw = Stats.of(rawRates);
            Stats store = Stats.of(storeRates);
            Stats route = Stats.of(routeRates);
            System.out.printf("raw JDBC batch        rows/s %s%n", raw);
            System.out.printf("store (repository)    rows/s %s   store/raw %.2f%n", store, store.median() / raw.median());
            System.out.printf("store re-run (update) rows/s %s%n", Stats.of(storeRerun));
            System.out.printf("route (--once, HTTP+parse+bucket+upsert) rows/s %s   route/raw %.2f%n", route,
                route.median() / raw.median());
            System.out.printf("--once wall incl. JVM start ms %s%n", Stats.of(walls));
            System.out.printf("route re-run (window complete: forward calls only) ms %s%n", Stats.of(rerunSeconds));
            json.append(String.format(Locale.ROOT, "\"assets\":%d,\"days\":%d,\"rows\":%d,\"raw_rows_s\":%s,"
                    + "\"store_rows_s\":%s,\"store_rerun_rows_s\":%s,\"route_rows_s\":%s,\"once_wall_ms\":%s,"
                    + "\"route_rerun_ms\":%s,\"store_over_raw\":%.2f,\"route_over_raw\":%.2f", ASSETS, DAYS, total,
                raw.json(), store.json(), Stats.of(storeRerun).json(), route.json(), Stats.of(walls).json(),
                Stats.of(rerunSeconds).json(), store.median() / raw.median(), route.median() / raw.median()));

            Path py = Path.of("bench/python_baseline.py");
            try {
                Path dir = Files.createTempDirectory("bench-py");
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder("python3", py.toString(), api.url(), String.valueOf(ASSETS), String.valueOf(DAYS),
                    dir.resolve("py.db").toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                p.waitFor();
                double pyMs = (System.nanoTime() - t0) / 1e6;
                System.out.printf("python baseline (urllib+sqlite3, same server) wall ms %.0f (%s); --once/python %.2f%n",
                    pyMs, out, Stats.of(walls).median() / pyMs);
                json.append(String.format(Locale.ROOT, ",\"python_wall_ms\":%.0f", pyMs));
            } catch (IOException e) {
                System.out.println("python3 not found: baseline skipped");
            }

            // memory at ~1M rows, default JVM flags and the tuned flags
            render(api, MEM_ASSETS, MEM_DAYS, Instant.now());
            for (String flags : List.of("", TUNED)) {
                Path home = install();
                Child c = once(home, api, MEM_ASSETS, MEM_DAYS, flags);
                System.out.printf("memory %d assets x %d days (%,d rows) JVM [%s]: peak RSS %d MB, peak heap %d MB,"
                        + " route %.1f s, wall %.1f s%n", MEM_ASSETS, MEM_DAYS, c.rows(), flags.isBlank() ? "defaults" : flags,
                    c.peakRssKb() / 1024, c.peakHeapMb(), c.routeSeconds(), c.wallMs() / 1000.0);
                assertTrue(c.rows() >= MEM_ASSETS * (MEM_DAYS * 24 - 2), "rows stored: " + c.rows());
                String key = flags.isBlank() ? "default" : "tuned";
                json.append(String.format(Locale.ROOT, ",\"mem_%s\":{\"rows\":%d,\"peak_rss_mb\":%d,\"peak_heap_mb\":%d,"
                    + "\"route_s\":%.2f,\"wall_s\":%.2f}", key, c.rows(), c.peakRssKb() / 1024, c.peakHeapMb(),
                    c.routeSeconds(), c.wallMs() / 1000.0));
                if (flags.isBlank()) {
                    Path dir = Files.createTempDirectory("bench-py");
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder("python3", py.toString(), api.url(), String.valueOf(MEM_ASSETS),
                        String.valueOf(MEM_DAYS), dir.resolve("py.db").toString()).redirectErrorStream(true).start();
                    p.getInputStream().readAllBytes();
                    p.waitFor();
                    double pyMs = (System.nanoTime() - t0) / 1e6;
                    System.out.printf("python baseline at %d assets x %d days: wall %.1f s; python/--once %.2f%n",
                        MEM_ASSETS, MEM_DAYS, pyMs / 1000, pyMs / c.wallMs());
                    json.append(String.format(Locale.ROOT, ",\"python_1m_wall_ms\":%.0f", pyMs));
                }
            }
        }
        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            starts.add((double) startToRoutesStarted(install()));
        }
        System.out.printf("start: java -jar to routes started ms %s%n", Stats.of(starts));
        json.append(",\"start_ms\":").append(Stats.of(starts).json());

        String commit = new String(new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start().getInputStream()
            .readAllBytes(), StandardCharsets.UTF_8).strip();
        String line = "{\"date\":\"" + Utc.iso(Instant.now()) + "\",\"commit\":\"" + commit + "\"," + json.substring(1) + "}\n";
        Files.writeString(Path.of("bench/results.jsonl"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("appended to bench/results.jsonl");
    }
}
