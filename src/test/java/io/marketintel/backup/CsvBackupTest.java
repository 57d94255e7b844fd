package io.marketintel.backup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.marketintel.store.Database;
import io.marketintel.store.Jdbc;
import io.marketintel.store.Stored;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streamed backup writes the bytes camel-csv's marshaller wrote for camel-jdbc's rows, and never a temp file. */
class CsvBackupTest {

    static final LocalDate DAY = LocalDate.of(2026, 7, 21);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-21T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    HikariDataSource ds;

    @BeforeEach
    void open() {
        ds = io.marketintel.RouteTestSupport.openStore(dir.resolve("t.db"));
    }

    @AfterEach
    void close() {
        ds.close();
    }

    void candle(String asset, String ts, Double volume, String ingestedAt) throws SQLException {
        Jdbc.update(ds, "INSERT INTO ohlc_hourly (asset, ts_utc, open, high, low, close, volume_24h_usd, quality, session,"
            + " source, ingested_at) VALUES (?, ?, 92402.47461982082, 92410.5, 92400, 92405.25, ?, 'sampled', 'EUROPE',"
            + " 'coingecko', ?)", asset, ts, volume, ingestedAt);
    }

    @Test
    void should_write_the_days_rows_in_key_order_under_one_header_with_crlf() throws Exception {
        candle("ETH", "2026-07-21T09:00:00Z", 8.426105018973242E10, "2026-07-21T10:00:00Z");
        candle("BTC", "2026-07-21T10:00:00Z", null, "2026-07-21T10:00:01Z");
        candle("BTC", "2026-07-20T10:00:00Z", 1.0, "2026-07-20T10:00:00Z");   // stored the day before: not today's

        CsvBackup.Written w = new CsvBackup(ds, dir.resolve("backups"), CLOCK).write(new Stored("ohlc_hourly", 2));

        assertEquals(dir.resolve("backups/ohlc_hourly_20260721.csv"), w.file());
        assertEquals(2, w.rows());
        assertEquals("asset,ts_utc,open,high,low,close,volume_24h_usd,quality,session,source\r\n"
                + "BTC,2026-07-21T10:00:00Z,92402.47461982082,92410.5,92400.0,92405.25,,sampled,EUROPE,coingecko\r\n"
                + "ETH,2026-07-21T09:00:00Z,92402.47461982082,92410.5,92400.0,92405.25,8.426105018973242E10,sampled,"
                + "EUROPE,coingecko\r\n",
            Files.readString(w.file(), StandardCharsets.UTF_8));
        assertEquals(List.of("ohlc_hourly_20260721.csv"), names(dir.resolve("backups")));
    }

    @Test
    void should_quote_only_fields_that_need_it() throws Exception {
        Jdbc.update(ds, "INSERT INTO sentiment_daily (as_of_date, fng_value, classification, source, ingested_at)"
            + " VALUES ('2026-07-21', 45, 'Fear, \"deep\"', 'alternative.me', '2026-07-21T00:10:00Z')");

        Path file = new CsvBackup(ds, dir, CLOCK).writeDay("sentiment_daily", DAY).file();

        assertEquals("as_of_date,fng_value,classification,source\r\n2026-07-21,45,\"Fear, \"\"deep\"\"\",alternative.me\r\n",
            Files.readString(file));
    }

    @Test
    void should_rewrite_the_same_bytes_and_write_an_empty_file_for_a_day_without_rows() throws Exception {
        candle("BTC", "2026-07-21T10:00:00Z", 2.5, "2026-07-21T10:00:00Z");
        CsvBackup backup = new CsvBackup(ds, dir, CLOCK);
        byte[] first = Files.readAllBytes(backup.writeDay("ohlc_hourly", DAY).file());
        assertArrayEquals(first, Files.readAllBytes(backup.writeDay("ohlc_hourly", DAY).file()));

        CsvBackup.Written none = backup.writeDay("ohlc_hourly", DAY.plusDays(1));
        assertEquals(0, none.rows());
        assertEquals(0, Files.size(none.file()));
    }

    @Test
    void should_leave_no_temp_file_and_keep_the_previous_backup_when_the_query_fails() throws Exception {
        candle("BTC", "2026-07-21T10:00:00Z", 2.5, "2026-07-21T10:00:00Z");
        CsvBackup backup = new CsvBackup(ds, dir, CLOCK);
        Path file = backup.writeDay("ohlc_hourly", DAY).file();
        String before = Files.readString(file);
        Jdbc.update(ds, "DROP TABLE ohlc_hourly");

        assertThrows(SQLException.class, () -> backup.writeDay("ohlc_hourly", DAY));

        assertEquals(List.of("ohlc_hourly_20260721.csv"), names(dir).stream().filter(n -> !n.startsWith("t.db")).toList());
        assertEquals(before, Files.readString(file));
    }

    @Test
    void should_delete_the_temp_file_when_the_written_file_cannot_be_moved_into_place() throws Exception {
        candle("BTC", "2026-07-21T10:00:00Z", 2.5, "2026-07-21T10:00:00Z");
        Path blocker = Files.createDirectories(dir.resolve("ohlc_hourly_20260721.csv/not-empty"));

        assertThrows(java.nio.file.FileSystemException.class, () -> new CsvBackup(ds, dir, CLOCK).writeDay("ohlc_hourly", DAY));

        assertTrue(Files.isDirectory(blocker));
        assertEquals(List.of("ohlc_hourly_20260721.csv"), names(dir).stream().filter(n -> !n.startsWith("t.db")).toList());
    }

    @Test
    void should_refuse_a_name_that_is_not_a_table() {
        CsvBackup backup = new CsvBackup(ds, dir, CLOCK);
        assertThrows(IllegalArgumentException.class, () -> backup.writeDay("../etc", DAY));
        assertTrue(names(dir).stream().noneMatch(n -> n.endsWith(".tmp")));
    }

    static List<String> names(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
