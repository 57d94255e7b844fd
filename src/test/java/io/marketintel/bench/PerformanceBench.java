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
import java.time.LocalDate;
import java.time.ZoneOffset;
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
import io.marketintel.demo.RecordedFarsidePage;
import io.marketintel.demo.RecordedFearGreed;
import io.marketintel.backup.CsvBackup;
import io.marketintel.source.coingecko.CoinGeckoMapper;
import io.marketintel.source.coingecko.OhlcRow;
import io.marketintel.source.coingecko.Sessions;
import io.marketintel.store.Database;
import io.marketintel.source.coingecko.OhlcRepository;
import io.marketintel.store.Utc;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issues 8 and 13's benchmark: {@code ./mvnw -B -q -Pbench verify}. Not a timed test: it prints figures and the issue 13
 * targets (met, or missed by how much), appends one JSON line to {@code bench/results.jsonl}, and fails only on a
 * correctness check (exit codes, row checksums, backups written). Every end-to-end run is the README's run command
 * ({@code bin/market-intel}) in the shipped configuration (CSV backups, snapshot and every keyless source on) against
 * a local server; the few overrides are the server's roots, the assets, and where labelled the rate limit.
 * <p>The server is the JDK's {@code HttpServer} answering from bytes rendered before any timing (synthetic CoinGecko
 * candles; Fear &amp; Greed and the Farside page from the recordings the demo bundles): nginx is not on a fresh
 * machine and would need installing, and for static bytes on loopback it would not change either side's figures
 * (both sides call the same server, one connection at a time).
 * <ol>
 * <li>store: raw JDBC addBatch (the physical reference), the production repository, the CSV backup of those rows;</li>
 * <li>216k candles ({@code bench.assets} x {@code bench.days}): {@code --once} end to end, JVM start included, vs
 * {@code bench/python_baseline.py} doing the same job (CoinGecko, Fear &amp; Greed, Farside, snapshot, CSV backups of
 * every table) on the same server;</li>
 * <li>a JFR execution-sample profile of one more 216k run: the top 10 frames;</li>
 * <li>the small default run (2 assets, the default rate limit): {@code --once}, {@code --status}, the scheduler's
 * start to routes started and its idle RSS after the catch-up;</li>
 * <li>~1M candles ({@code bench.memory.assets} x {@code bench.memory.days}; 0 assets skips it): wall and peak RSS.</li>
 * </ol>
 */
class PerformanceBench {

    static final int ASSETS = Integer.getInteger("bench.assets", 100);
    static final int DAYS = Integer.getInteger("bench.days", 90);
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    static final int MEM_ASSETS = Integer.getInteger("bench.memory.assets", 500);
    static final int MEM_DAYS = Integer.getInteger("bench.memory.days", 84);
    /** bench.jar: another build to measure (e.g. a "before" jar); bench.launcher=false: plain java -jar throughout. */
    static final String JAR = System.getProperty("bench.jar", System.getProperty("market-intel.jar", "target/market-intel.jar"));
    static final boolean LAUNCHER = Boolean.parseBoolean(System.getProperty("bench.launcher", "true"));
    /** bench.jvm: JVM options added to every runtime run (an experiment; the figures are then not the default). */
    static final String EXTRA_JVM = System.getProperty("bench.jvm", "");
    /** bench.small=false: skip the small default run (to iterate on the large runs). */
    static final boolean SMALL = Boolean.parseBoolean(System.getProperty("bench.small", "true"));

    /** A local server answering like CoinGecko with responses rendered before any timing. */
    static final class Api implements AutoCloseable {
        final HttpServer server;
        final Map<String, byte[]> responses = new ConcurrentHashMap<>();
        final Map<String, String> types = new ConcurrentHashMap<>();

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
                ex.getResponseHeaders().add("Content-Type", types.getOrDefault(ex.getRequestURI().getPath(), "application/json"));
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

    /** A CoinGecko coin id and the symbol stored for it. */
    record Asset(String id, String symbol) {
    }

    /** coin-0:C0 .. coin-{n-1}:C{n-1}: ids the server knows, symbols short like real ones. */
    static List<Asset> synthetic(int n) {
        List<Asset> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            out.add(new Asset("coin-" + a, "C" + a));
        }
        return out;
    }

    /** The default coingecko.assets: what the small default run asks for. */
    static final List<Asset> DEFAULT_ASSETS = List.of(new Asset("bitcoin", "BTC"), new Asset("ethereum", "ETH"));

    static String assetList(List<Asset> assets) {
        return String.join(",", assets.stream().map(a -> a.id() + ":" + a.symbol()).toList());
    }

    /**
     * Every answer a default run asks for, rendered before any timing: per asset market_chart (one sample per hour at
     * a random minute, 24-h volume) and ohlc?days=1 (48 half-hour candles), synthetic; Fear &amp; Greed and the Farside
     * BTC page from the real recordings the demo bundles, re-stamped to today (the same code as --demo).
     */
    static void render(Api api, List<Asset> list, int days, Instant now) throws IOException {
        api.responses.clear();
        api.types.clear();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        api.responses.put("/fng/", RecordedFearGreed.parse(resource("demo/alternative_me_fng_limit365_paleaura01.json"))
            .render(today, 30).getBytes(StandardCharsets.UTF_8));
        api.responses.put("/btc/", new RecordedFarsidePage(resource("demo/farside_btc_trimmed_portafolio_crypto.html"))
            .render(today).getBytes(StandardCharsets.UTF_8));
        api.types.put("/btc/", "text/html; charset=UTF-8");
        long end = now.toEpochMilli();
        int samples = days * 24;
        for (int a = 0; a < list.size(); a++) {
            String id = list.get(a).id();
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
            api.responses.put("/coins/" + id + "/market_chart",
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
            api.responses.put("/coins/" + id + "/ohlc", ohlc.append(']').toString().getBytes(StandardCharsets.UTF_8));
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
    static String resource(String name) throws IOException {
        try (var in = PerformanceBench.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<List<OhlcRow>> expected(Api api, List<Asset> assets, Instant now) {
        CoinGeckoMapper mapper = new CoinGeckoMapper(new Sessions(0, 7, 13), Clock.systemUTC());
        List<List<OhlcRow>> out = new ArrayList<>();
        for (Asset a : assets) {
            Map<Long, OhlcRow> rows = new LinkedHashMap<>();
            String chart = new String(api.responses.get("/coins/" + a.id() + "/market_chart"), StandardCharsets.UTF_8);
            String ohlc = new String(api.responses.get("/coins/" + a.id() + "/ohlc"), StandardCharsets.UTF_8);
            for (OhlcRow row : mapper.sampled(chart, a.symbol(), now).getRows()) {
                rows.put(row.openMs(), row);
            }
            for (OhlcRow row : mapper.halfHourly(ohlc, a.symbol(), now).getRows()) {
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

    /** One run of the packaged runtime: wall time, peak RSS (VmHWM, polled) and what it printed. */
    record Child(long wallMs, long peakRssKb, long cpuMs, int exit, String stdout) {
        /** The coingecko-ohlc line of the --once summary: rows stored and the route's own seconds. */
        double[] coingecko() {
            Matcher m = Pattern.compile("coingecko-ohlc: SUCCESS, (\\d+) row\\(s\\) written, ([\\d.]+) s").matcher(stdout);
            assertTrue(m.find(), stdout);
            return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
        }
    }

    /**
     * The README's run command: {@code bin/market-intel} (JVM options, class-data-sharing archive) with this jar, or
     * {@code java -jar} when {@code launcher} is false; {@code -D} overrides as the operator would pass them.
     */
    static ProcessBuilder command(Path home, boolean launcher, List<String> defines, String javaOpts, String... verbs) {
        List<String> cmd = new ArrayList<>();
        launcher &= LAUNCHER;
        if (launcher) {
            cmd.add(Path.of("bin/market-intel").toAbsolutePath().toString());
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
        List<String> jvm = new ArrayList<>();
        defines.forEach(d -> jvm.add("-D" + d));
        javaOpts = (EXTRA_JVM + " " + javaOpts).strip();
        if (!javaOpts.isBlank()) {
            jvm.addAll(List.of(javaOpts.split("\\s+")));
        }
        if (launcher) {
            pb.environment().put("MARKET_INTEL_JAR", Path.of(JAR).toAbsolutePath().toString());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JAVA_OPTS", String.join(" ", jvm));
        } else {
            cmd.addAll(jvm);
            cmd.addAll(List.of("-jar", Path.of(JAR).toAbsolutePath().toString()));
        }
        cmd.addAll(List.of(verbs));
        pb.command(cmd);
        // the shipped configuration: none of the machine's own settings or keys
        for (String env : List.of("LOG_LEVEL", "DB_PATH", "ENABLE_CSV_BACKUP", "CSV_BACKUP_PATH", "RATE_LIMIT_DELAY",
            "COINGECKO_API_KEY", "SOSOVALUE_API_KEY", "JOLOKIA_ENABLED")) {
            pb.environment().remove(env);
        }
        return pb;
    }

    static long vm(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException ignored) {
            // the process just ended
        }
        return 0;
    }

    /**
     * user + system CPU of a live process (utime and stime of /proc/PID/stat, in clock ticks of 10 ms), the last
     * sample before it exits: on a shared machine wall time includes waiting for a core, CPU time does not.
     */
    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static Child run(ProcessBuilder pb, Path log) throws Exception {
        long t0 = System.nanoTime();
        Process p = pb.redirectOutput(log.toFile()).start();
        long peak = 0;
        long cpu = 0;
        while (!p.waitFor(10, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, vm(p.pid(), "VmHWM"));
            cpu = Math.max(cpu, cpuMs(p.pid()));
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        return new Child(wall, peak, cpu, p.exitValue(), Files.readString(log));
    }

    /** The scheduler (no verb): ms to "market-intel started in", then its RSS once the catch-up's summary is logged. */
    record Scheduler(long startedMs, long idleRssKb, long peakRssKb) {
    }

    static Scheduler scheduler(Path home, List<String> defines) throws Exception {
        Path log = home.resolve("scheduler.log");
        long t0 = System.nanoTime();
        List<String> withPort = new ArrayList<>(defines);
        // the HTTP server on a free port: the shipped 8080 may be held by another run on this machine
        withPort.add("camel.server.port=" + io.marketintel.acceptance.UserInstall.freePort());
        Process p = command(home, true, withPort, "").redirectOutput(log.toFile()).start();
        try {
            long started = -1;
            while (true) {
                String out = Files.readString(log);
                if (started < 0 && out.contains("market-intel started in ")) {
                    started = (System.nanoTime() - t0) / 1_000_000;
                }
                if (started >= 0 && out.contains("Run summary")) {
                    break;
                }
                if (!p.isAlive() || System.nanoTime() - t0 > 120_000_000_000L) {
                    throw new AssertionError("the scheduler did not start and catch up: " + out);
                }
                p.waitFor(5, TimeUnit.MILLISECONDS);
            }
            // idle: the catch-up is done, every trigger waits for its schedule; RSS settles within a few seconds
            long idle = 0;
            for (int i = 0; i < 10; i++) {
                p.waitFor(500, TimeUnit.MILLISECONDS);
                idle = vm(p.pid(), "VmRSS");
            }
            return new Scheduler(started, idle, vm(p.pid(), "VmHWM"));
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** python3 bench/python_baseline.py on the same server; wall ms and peak RSS, or null without python3. */
    static Child python(Api api, int assets, int days, String list) throws Exception {
        Path dir = Files.createTempDirectory("bench-py");
        List<String> cmd = new ArrayList<>(List.of("python3", Path.of("bench/python_baseline.py").toString(), api.url(),
            String.valueOf(assets), String.valueOf(days), dir.resolve("py.db").toString(), dir.resolve("backups").toString()));
        if (list != null) {
            cmd.add(list);
        }
        try {
            Child c = run(new ProcessBuilder(cmd).redirectErrorStream(true), dir.resolve("out.log"));
            assertEquals(0, c.exit(), c.stdout());
            return c;
        } catch (IOException e) {
            return null;
        }
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

    /**
     * The -D overrides of every end-to-end run: the local server's roots and the assets, nothing else; the rest is the
     * shipped configuration (CSV backups, snapshot, every keyless source on). The server holds the Farside BTC page
     * only (no ETH recording exists), so etf.farside.assets=BTC, as in --demo.
     */
    static List<String> defines(Api api, List<Asset> assets, int days, boolean noRateLimit) {
        List<String> d = new ArrayList<>(List.of("coingecko.base-url=" + api.url(), "feargreed.base-url=" + api.url(),
            "farside.base-url=" + api.url(), "coingecko.assets=" + assetList(assets), "etf.farside.assets=BTC"));
        if (days != 14) {
            d.add("coingecko.window-days=" + days);
        }
        if (noRateLimit) {
            // labelled wherever used: 1.5 s between CoinGecko calls is the default (a courtesy to the real API)
            d.add("coingecko.rate-limit-delay-seconds=0");
        }
        return d;
    }

    /** Top frames of a JFR recording's execution samples: self (the running method) and the first non-JDK frame. */
    static String jfrTop(Path jfr, int n) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(), "print",
            "--events", "jdk.ExecutionSample", "--stack-depth", "64", jfr.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Map<String, Integer> self = new LinkedHashMap<>();
        Map<String, Integer> library = new LinkedHashMap<>();
        int samples = 0;
        List<String> frames = null;
        for (String line : out.split("\n")) {
            String t = line.strip();
            if (t.startsWith("stackTrace = [")) {
                frames = new ArrayList<>();
            } else if (frames != null && t.equals("]")) {
                if (!frames.isEmpty()) {
                    samples++;
                    self.merge(frames.get(0), 1, Integer::sum);
                    library.merge(frames.stream().filter(f -> !f.matches("(java|javax|jdk|sun|com\\.sun)\\..*")).findFirst()
                        .orElse("(JDK frames only)"), 1, Integer::sum);
                }
                frames = null;
            } else if (frames != null && !t.equals("...")) {
                frames.add(t.replaceAll("\\s+line:.*$", ""));
            }
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "JFR execution samples: %d%n", samples));
        for (var table : List.of(Map.entry("top frames (self)", self), Map.entry("first non-JDK frame", library))) {
            sb.append("  ").append(table.getKey()).append(":\n");
            int total = samples;
            table.getValue().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> sb.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / total,
                    e.getKey())));
        }
        return sb.toString();
    }

    static final List<String> REPORT = new ArrayList<>();

    /** One line of the targets table: the figure, the target, met or missed by how much. */
    static void target(String what, double value, String unit, double limit, boolean atMost) {
        boolean met = atMost ? value <= limit : value >= limit;
        String by = met ? "met" : String.format(Locale.ROOT, "MISSED by %.2f %s", Math.abs(value - limit), unit);
        REPORT.add(String.format(Locale.ROOT, "  %-58s %10.2f %-5s target %s %8.2f  %s", what, value, unit,
            atMost ? "<=" : ">=", limit, by));
    }

    static String runtime() {
        return LAUNCHER ? "bin/market-intel" : "java -jar";
    }

    static double median(List<Double> v) {
        return Stats.of(v).median();
    }

    @Test
    void benchmark() throws Exception {
        StringBuilder json = new StringBuilder("{");
        String profile;
        try (Api api = new Api()) {
            Instant now = Instant.now();
            List<Asset> big = synthetic(ASSETS);
            render(api, big, DAYS, now);
            List<List<OhlcRow>> rows = expected(api, big, now);
            long total = rows.stream().mapToLong(List::size).sum();
            String cutoff = Utc.iso(now.truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS));
            System.out.printf("%nmarket-intel benchmark: %d assets x %d days = %,d candles, %d runs each, %d cores;"
                    + " runtime = %s %s in the shipped configuration%s%n",
                ASSETS, DAYS, total, RUNS, Runtime.getRuntime().availableProcessors(), runtime(), JAR,
                EXTRA_JVM.isBlank() ? "" : " PLUS bench.jvm=" + EXTRA_JVM + " (not the default)");

            // 1. the store alone: raw JDBC batch, the repository, the CSV backup of what the repository stored
            List<Double> rawRates = new ArrayList<>();
            List<Double> storeRates = new ArrayList<>();
            List<Double> backupRates = new ArrayList<>();
            String storeDigest = null;
            for (int i = 0; i < RUNS; i++) {
                Path dir = Files.createTempDirectory("bench");
                rawRates.add(raw(dir.resolve("raw.db"), rows));
                storeRates.add(store(dir.resolve("store.db"), rows));
                backupRates.add(backup(dir.resolve("store.db"), dir.resolve("backups"), total));
                String d = digest(dir.resolve("store.db"), cutoff);
                assertEquals(digest(dir.resolve("raw.db"), cutoff), d, "raw and store hold the same rows");
                storeDigest = d;
            }
            System.out.printf("raw JDBC batch            rows/s %s%n", Stats.of(rawRates));
            System.out.printf("store (repository)        rows/s %s%n", Stats.of(storeRates));
            System.out.printf("CSV backup (cursor->csv)  rows/s %s%n", Stats.of(backupRates));

            // 2. 216k end to end: the runtime --once vs the Python script, same server, same job
            List<Double> walls = new ArrayList<>();
            List<Double> rss = new ArrayList<>();
            List<Double> routeRates = new ArrayList<>();
            List<Double> pyWalls = new ArrayList<>();
            List<Double> pyRss = new ArrayList<>();
            List<Double> cpus = new ArrayList<>();
            List<Double> pyCpus = new ArrayList<>();
            List<String> big216 = defines(api, big, DAYS, true);
            for (int i = 0; i < RUNS; i++) {
                Path home = install();
                Child c = run(command(home, true, big216, "", "--once"), home.resolve("out.log"));
                assertEquals(0, c.exit(), c.stdout());
                assertEquals(storeDigest, digest(home.resolve("data/market_intel.db"), cutoff),
                    "the route stores exactly the rows the mapper and repository produce");
                assertTrue(Files.size(home.resolve("data/backups").resolve(CsvBackup.fileName("ohlc_hourly",
                    Utc.today(Clock.systemUTC())))) > total * 50, "the day's ohlc_hourly backup holds every row");
                walls.add((double) c.wallMs());
                cpus.add((double) c.cpuMs());
                rss.add(c.peakRssKb() / 1024.0);
                routeRates.add(c.coingecko()[0] / c.coingecko()[1]);
                Child py = python(api, ASSETS, DAYS, null);
                if (py != null) {
                    pyWalls.add((double) py.wallMs());
                    pyCpus.add((double) py.cpuMs());
                    pyRss.add(py.peakRssKb() / 1024.0);
                }
            }
            System.out.printf("--once %,d candles, wall ms %s, CPU ms %s, peak RSS MB %s, coingecko route rows/s %s%n",
                total, Stats.of(walls), Stats.of(cpus), Stats.of(rss), Stats.of(routeRates));
            json.append(String.format(Locale.ROOT, "\"config\":\"default (%s; rate limit 0 on the local"
                    + " server; Farside BTC page only)\",\"runs\":%d,\"assets\":%d,\"days\":%d,\"rows\":%d,\"raw_rows_s\":%s,"
                    + "\"store_rows_s\":%s,\"backup_rows_s\":%s,\"once_wall_ms\":%s,\"once_peak_rss_mb\":%s,"
                    + "\"route_rows_s\":%s,\"once_cpu_ms\":%s", runtime() + " " + Path.of(JAR).getFileName()
                    + (EXTRA_JVM.isBlank() ? "" : " + " + EXTRA_JVM), RUNS, ASSETS, DAYS,
                total, Stats.of(rawRates).json(), Stats.of(storeRates).json(),
                Stats.of(backupRates).json(), Stats.of(walls).json(), Stats.of(rss).json(), Stats.of(routeRates).json(),
                Stats.of(cpus).json()));
            if (!pyWalls.isEmpty()) {
                System.out.printf("python (same job: + CSV backups of every table) wall ms %s, CPU ms %s, peak RSS MB %s%n",
                    Stats.of(pyWalls), Stats.of(pyCpus), Stats.of(pyRss));
                json.append(",\"python_wall_ms\":").append(Stats.of(pyWalls).json()).append(",\"python_peak_rss_mb\":")
                    .append(Stats.of(pyRss).json()).append(",\"python_cpu_ms\":").append(Stats.of(pyCpus).json());
                target("216k candles: python wall / runtime wall (x)", median(pyWalls) / median(walls), "x", 1.5, false);
                target("  the same in CPU time (reference on a shared machine)", median(pyCpus) / median(cpus), "x", 1.5,
                    false);
            }
            target("CSV backup rows/s (thousands)", median(backupRates) / 1000, "k/s", 500, false);
            target("coingecko route rows/s / raw batch rows/s", median(routeRates) / median(rawRates), "x", 0.5, false);

            // 3. where the 216k run spends its CPU: one more run under JFR
            Path home = install();
            Path jfr = home.resolve("once.jfr");
            Child profiled = run(command(home, true, big216, "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile",
                "--once"), home.resolve("out.log"));
            assertEquals(0, profiled.exit(), profiled.stdout());
            profile = jfrTop(jfr, 10);
            System.out.print(profile);

            // 4. the small default run: 2 assets, every keyless source, the default rate limit
            if (SMALL) {
                Instant small = Instant.now();
                render(api, DEFAULT_ASSETS, 14, small);
                List<String> smallDefault = defines(api, DEFAULT_ASSETS, 14, false);
                Map<String, List<Double>> f = new LinkedHashMap<>();
                Path fresh = null;
                for (int i = 0; i < RUNS; i++) {
                    Path h = install();
                    Child c = run(command(h, true, smallDefault, "", "--once"), h.resolve("out.log"));
                    assertEquals(0, c.exit(), c.stdout());
                    f.computeIfAbsent("once_wall_ms", k -> new ArrayList<>()).add((double) c.wallMs());
                    f.computeIfAbsent("once_cpu_ms", k -> new ArrayList<>()).add((double) c.cpuMs());
                    f.computeIfAbsent("once_peak_rss_mb", k -> new ArrayList<>()).add(c.peakRssKb() / 1024.0);
                    Child st = run(command(h, true, smallDefault, "", "--status"), h.resolve("status.log"));
                    assertEquals(0, st.exit(), st.stdout());
                    f.computeIfAbsent("status_wall_ms", k -> new ArrayList<>()).add((double) st.wallMs());
                    f.computeIfAbsent("status_cpu_ms", k -> new ArrayList<>()).add((double) st.cpuMs());
                    f.computeIfAbsent("status_peak_rss_mb", k -> new ArrayList<>()).add(st.peakRssKb() / 1024.0);
                    Path h0 = install();
                    Child noLimit = run(command(h0, true, defines(api, DEFAULT_ASSETS, 14, true), "", "--once"), h0.resolve("o.log"));
                    assertEquals(0, noLimit.exit(), noLimit.stdout());
                    f.computeIfAbsent("once_no_rate_limit_wall_ms", k -> new ArrayList<>()).add((double) noLimit.wallMs());
                    f.computeIfAbsent("once_no_rate_limit_cpu_ms", k -> new ArrayList<>()).add((double) noLimit.cpuMs());
                    f.computeIfAbsent("once_no_rate_limit_peak_rss_mb", k -> new ArrayList<>()).add(noLimit.peakRssKb() / 1024.0);
                    Path h1 = install();
                    Child plain = run(command(h1, false, smallDefault, "", "--once"), h1.resolve("o.log"));
                    assertEquals(0, plain.exit(), plain.stdout());
                    f.computeIfAbsent("once_java_jar_wall_ms", k -> new ArrayList<>()).add((double) plain.wallMs());
                    f.computeIfAbsent("once_java_jar_peak_rss_mb", k -> new ArrayList<>()).add(plain.peakRssKb() / 1024.0);
                    Child py = python(api, 2, 14, assetList(DEFAULT_ASSETS));
                    if (py != null) {
                        f.computeIfAbsent("python_wall_ms", k -> new ArrayList<>()).add((double) py.wallMs());
                        f.computeIfAbsent("python_cpu_ms", k -> new ArrayList<>()).add((double) py.cpuMs());
                        f.computeIfAbsent("python_peak_rss_mb", k -> new ArrayList<>()).add(py.peakRssKb() / 1024.0);
                    }
                    fresh = h;
                }
                for (int i = 0; i < RUNS; i++) {
                    Scheduler s = scheduler(fresh, smallDefault);
                    f.computeIfAbsent("start_to_routes_started_ms", k -> new ArrayList<>()).add((double) s.startedMs());
                    f.computeIfAbsent("scheduler_idle_rss_mb", k -> new ArrayList<>()).add(s.idleRssKb() / 1024.0);
                }
                json.append(",\"small\":{");
                f.forEach((k, v) -> {
                    System.out.printf("small default run %-32s %s%s%n", k, Stats.of(v), k.contains("no_rate_limit")
                        ? "   (coingecko.rate-limit-delay-seconds=0: a default switched off)" : k.contains("java_jar")
                        ? "   (java -jar without the launcher's JVM options)" : "");
                    json.append(json.charAt(json.length() - 1) == '{' ? "" : ",").append('"').append(k).append("\":")
                        .append(Stats.of(v).json());
                });
                json.append('}');
                target("small --once wall (default, rate limit 1.5 s)", median(f.get("once_wall_ms")) / 1000, "s", 2.5, true);
                target("small --once peak RSS", median(f.get("once_peak_rss_mb")), "MB", 128, true);
                target("scheduler idle RSS after catch-up", median(f.get("scheduler_idle_rss_mb")), "MB", 128, true);
                target("run command -> routes started", median(f.get("start_to_routes_started_ms")) / 1000, "s", 1.5, true);
                target("--status wall", median(f.get("status_wall_ms")) / 1000, "s", 1.0, true);
                target("  --status CPU time (reference on a shared machine)", median(f.get("status_cpu_ms")) / 1000, "s", 1.0,
                    true);
                target("  small --once CPU time, rate limit 0 (labelled: a default off)",
                    median(f.get("once_no_rate_limit_cpu_ms")) / 1000, "s", 2.5, true);
            }

            // 5. ~1M candles: memory stays bounded, speed vs Python
            if (MEM_ASSETS > 0) {
                List<Asset> mem = synthetic(MEM_ASSETS);
                render(api, mem, MEM_DAYS, Instant.now());
                Path h = install();
                Child c = run(command(h, true, defines(api, mem, MEM_DAYS, true), "", "--once"), h.resolve("out.log"));
                assertEquals(0, c.exit(), c.stdout());
                Child py = python(api, MEM_ASSETS, MEM_DAYS, null);
                System.out.printf("--once %d assets x %d days (%,.0f candles): wall %.1f s, CPU %.1f s, peak RSS %d MB;"
                        + " python wall %s%n", MEM_ASSETS, MEM_DAYS, c.coingecko()[0], c.wallMs() / 1000.0,
                    c.cpuMs() / 1000.0, c.peakRssKb() / 1024,
                    py == null ? "-" : String.format(Locale.ROOT, "%.1f s (peak RSS %d MB)", py.wallMs() / 1000.0,
                        py.peakRssKb() / 1024));
                json.append(String.format(Locale.ROOT, ",\"m1\":{\"assets\":%d,\"days\":%d,\"rows\":%.0f,\"wall_ms\":%d,"
                    + "\"cpu_ms\":%d,\"peak_rss_mb\":%d%s}", MEM_ASSETS, MEM_DAYS, c.coingecko()[0], c.wallMs(), c.cpuMs(),
                    c.peakRssKb() / 1024,
                    py == null ? "" : ",\"python_wall_ms\":" + py.wallMs()));
                if (py != null) {
                    target("1M candles: python wall / runtime wall (x)", (double) py.wallMs() / c.wallMs(), "x", 2, false);
                }
                target("1M candles: runtime peak RSS", c.peakRssKb() / 1024.0, "MB", 192, true);
            }
        }
        System.out.println("\nissue 13 targets (medians; a shared 2-core machine: other work inflates wall times):");
        REPORT.forEach(System.out::println);

        String commit = new String(new ProcessBuilder("git", "rev-parse", "--short", "HEAD").start().getInputStream()
            .readAllBytes(), StandardCharsets.UTF_8).strip();
        String top = profile.lines().skip(2).limit(10).map(l -> "\"" + l.strip().replace("\\", "\\\\").replace("\"", "'")
            + "\"").reduce((a, b) -> a + "," + b).orElse("");
        String line = "{\"date\":\"" + Utc.iso(Instant.now()) + "\",\"commit\":\"" + commit + "\"," + json.substring(1)
            + ",\"jfr_top_self\":[" + top + "]}\n";
        Files.writeString(Path.of("bench/results.jsonl"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("appended to bench/results.jsonl");
    }

    /** The production CSV backup of the day's rows the repository just stored; rows/s. */
    static double backup(Path db, Path dir, long expected) throws Exception {
        Database.Options o = new Database.Options(Database.sqliteUrl(db.toString()), null, null, 10_000, "NORMAL", false);
        try (HikariDataSource ds = Database.open(o)) {
            long t0 = System.nanoTime();
            CsvBackup.Written w = new CsvBackup(ds, dir, Clock.systemUTC()).writeDay("ohlc_hourly", Utc.today(Clock.systemUTC()));
            double rate = w.rows() / ((System.nanoTime() - t0) / 1e9);
            assertEquals(expected, w.rows(), "the backup holds every row stored today");
            return rate;
        }
    }
}
