package io.marketintel.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar market-intel.jar --demo --once} in a fresh installation, as a new user runs it: the recordings come
 * from the jar, every table fills through the production routes, the snapshot joins sentiment and ETF flows, the
 * summary says the data is recorded, and nothing is written to the real store. The API roots are set to an
 * unroutable address (TEST-NET-1) on the command line and in the environment, with DB_PATH at the real store and a
 * CoinGecko key: the demo must override them all, or the run would fail or write to the real store.
 */
class DemoIT {

    static final String UNROUTABLE = "http://192.0.2.1:9";

    @Test
    void should_fill_every_table_from_the_recordings_and_say_so_without_touching_the_real_store(@TempDir Path home)
        throws Exception {
        install(home);

        Result once = run(home, "-Dfeargreed.base-url=" + UNROUTABLE, "-Dcoingecko.base-url=" + UNROUTABLE + "/api/v3",
            "-Dfarside.base-url=" + UNROUTABLE, "--demo", "--once");

        assertEquals(0, once.code(), once.stdout() + once.stderr());
        String out = once.stdout();
        assertTrue(out.contains("DEMO on RECORDED data: no API was called"), out);
        assertTrue(out.contains("CoinGecko bitcoin /market_chart?days=30 (720 samples) recorded 2024-11-03 21:20 UTC"), out);
        assertTrue(out.contains("Fear & Greed /fng/?limit=365 recorded 2024-04-22 – 2025-04-22"), out);
        assertTrue(out.contains("Farside /btc/ recorded 6 Jul 2026 – 23 Jul 2026"), out);
        assertTrue(out.contains("Overall Success: True"), out);
        assertTrue(out.contains("Dead letters pending: 0"), out);

        Path demoDb = home.resolve("data/demo.db");
        assertTrue(Files.exists(demoDb));
        assertFalse(Files.exists(home.resolve("data/market_intel.db")), "the real store is never created by the demo");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + demoDb); Statement s = c.createStatement()) {
            assertTrue(count(s, "SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC'") >= 14 * 24 - 3, "14 days of hours");
            assertTrue(count(s, "SELECT COUNT(*) FROM ohlc_hourly WHERE quality = 'ohlc'") >= 23, "the forward /ohlc call");
            assertEquals(30, count(s, "SELECT COUNT(*) FROM sentiment_daily"), "feargreed.limit days");
            assertEquals(156, count(s, "SELECT COUNT(*) FROM etf_flows_daily WHERE asset = 'BTC' AND source = 'farside'"));
            assertEquals(0, count(s, "SELECT COUNT(*) FROM etf_flows_daily WHERE asset <> 'BTC'"), "no ETH recording");
            // one row per day of the last snapshot.recompute-days (14) days that has a candle: 13 in the hour after
            // midnight UTC (the last recorded sample then still falls on yesterday), else 14
            String windowStart = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(13).toString();
            long candleDays = count(s, "SELECT COUNT(DISTINCT substr(ts_utc, 1, 10)) FROM ohlc_hourly WHERE ts_utc >= '"
                + windowStart + "'");
            assertTrue(candleDays >= 13, "candle days in the window: " + candleDays);
            assertEquals(candleDays, count(s, "SELECT COUNT(*) FROM daily_market_snapshot"), "a snapshot per candle day");
            assertTrue(count(s, "SELECT COUNT(*) FROM daily_market_snapshot WHERE fng_value IS NOT NULL"
                + " AND etf_net_flow_usd IS NOT NULL AND close IS NOT NULL") >= 3, "days joining candles, sentiment and flows");
            assertEquals(0, count(s, "SELECT COUNT(*) FROM dead_letter"));
            assertEquals(4, count(s, "SELECT COUNT(*) FROM ingest_run WHERE outcome = 'SUCCESS'"));
        }
        try (var files = Files.list(home.resolve("data/demo/backups"))) {
            assertEquals(List.of("daily_market_snapshot", "etf_flows_daily", "ohlc_hourly", "sentiment_daily"),
                files.map(f -> f.getFileName().toString().replaceAll("_\\d{8}\\.csv$", "")).sorted().toList());
        }
        assertFalse(Files.exists(home.resolve("data/backups")), "real backups untouched");

        Result status = run(home, "--demo", "--status");

        assertEquals(0, status.code(), status.stdout() + status.stderr());
        assertTrue(status.stdout().contains("store data/demo.db"), status.stdout());
        assertFalse(Files.exists(home.resolve("data/market_intel.db")));
    }

    static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Result(int code, String stdout, String stderr) {
    }

    static void install(Path home) throws IOException {
        Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
        Files.createDirectories(home.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, home.resolve("routes").resolve(f.getFileName()));
            }
        }
    }

    static Result run(Path home, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the demo's HTTP server on a free port: the shipped 8080 may be held by another run on this machine
        cmd.add("-Dcamel.server.port=" + io.marketintel.acceptance.UserInstall.freePort());
        for (String a : args) {
            if (a.startsWith("-D")) {
                cmd.add(a);
            }
        }
        cmd.add("-jar");
        cmd.add(Path.of(System.getProperty("market-intel.jar", "target/market-intel.jar")).toAbsolutePath().toString());
        for (String a : args) {
            if (!a.startsWith("-D")) {
                cmd.add(a);
            }
        }
        Path out = Files.createTempFile(home, "stdout", ".log");
        Path err = Files.createTempFile(home, "stderr", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectOutput(out.toFile())
            .redirectError(err.toFile());
        // a real installation's environment: it must not lead the demo to the real store or send a key
        pb.environment().put("DB_PATH", home.resolve("data/market_intel.db").toString());
        pb.environment().put("COINGECKO_API_KEY", "CG-not-for-the-demo");
        pb.environment().put("FEARGREED_BASE_URL", UNROUTABLE);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("no exit within 180 s: " + Files.readString(out) + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
