package io.marketintel;

import io.marketintel.cli.Arguments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.marketintel.store.Database;
import io.marketintel.store.Jdbc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --once --snapshot-from} through the real entry point: history is recomputed and the summary counts it. */
class OnceSnapshotTest {

    static final String NOW = io.marketintel.store.Utc.iso(Instant.now());

    @Test
    void should_recompute_history_from_the_given_day_and_print_it_in_the_summary(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("market.db");
        LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(40);
        try (HikariDataSource ds = Database.open(new Database.Options(Database.sqliteUrl(db.toString()), null, null,
            5000, "NORMAL", false))) {
            Database.migrate(ds);
            // one candle a day for 40 days: far older than the 14-day window
            for (int d = 0; d < 40; d++) {
                Jdbc.update(ds, "INSERT INTO ohlc_hourly (asset, ts_utc, open, high, low, close, session, ingested_at)"
                    + " VALUES ('BTC', ?, 1, 1, 1, 1, 'ASIA', ?)", first.plusDays(d) + "T03:00:00Z", NOW);
            }
        }
        Properties p = new Properties();
        p.put("db.path", db.toString());
        p.put("deadletter.path", dir.resolve("dl").toString());
        p.put("backup.csv.path", dir.resolve("backups").toString());
        p.put("feargreed.enabled", "false");
        p.put("etf.farside.enabled", "false");
        p.put("etf.inbox.enabled", "false");
        p.put("coingecko.enabled", "false");
        p.put("camel.main.jmx-enabled", "false");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = App.run(new String[] {"--once", "--snapshot-from", first.toString()}, p,
            new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        String summary = out.toString(StandardCharsets.UTF_8);
        assertEquals(App.EXIT_OK, code, summary);
        assertTrue(summary.contains("• Daily Snapshots: 40 (✅)"), summary);
        assertTrue(summary.contains("• daily_market_snapshot: 40"), summary);
        assertTrue(summary.contains("• snapshot-daily: SUCCESS, 40 row(s)"), summary);
        try (var files = Files.list(dir.resolve("backups"))) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().matches("daily_market_snapshot_\\d{8}\\.csv")).count());
        }
        assertEquals(41, Files.readAllLines(dir.resolve("backups").resolve("daily_market_snapshot_"
            + LocalDate.now(ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + ".csv")).size());
    }

    @Test
    void should_accept_snapshot_from_only_with_once_and_only_as_a_date() {
        assertEquals(LocalDate.of(2026, 1, 1), Arguments.parse("--once", "--snapshot-from", "2026-01-01").snapshotFrom());
        assertEquals(null, Arguments.parse("--once").snapshotFrom());
        IllegalArgumentException alone = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Arguments.parse("--snapshot-from", "2026-01-01"));
        assertTrue(alone.getMessage().contains("only goes with --once"), alone.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Arguments.parse("--once", "--snapshot-from", "01/01/2026"));
    }
}
