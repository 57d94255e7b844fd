package io.marketintel.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvRetentionTest {

    /** The tables the shipped routes declare (Sources#tables). */
    static final List<String> TABLES = List.of("ohlc_hourly", "sentiment_daily", "etf_flows_daily",
        "etf_flows_total_daily", "daily_market_snapshot");
    static final CsvRetention NAMES = new CsvRetention(Path.of("unused"), 1, Clock.systemUTC(), TABLES);

    @Test
    void should_read_the_date_only_from_names_csv_backup_writes() {
        assertEquals(LocalDate.of(2026, 1, 31), NAMES.backupDate("ohlc_hourly_20260131.csv"));
        assertEquals(LocalDate.of(2024, 2, 29), NAMES.backupDate("daily_market_snapshot_20240229.csv"));
        assertNull(NAMES.backupDate("ohlc_hourly_20230229.csv"), "no such day");
        assertNull(NAMES.backupDate("ohlc_hourly_2026013.csv"));
        assertNull(NAMES.backupDate("ohlc_hourly_20260131.csv.tmp"));
        assertNull(NAMES.backupDate(".ohlc_hourly_20260131.csv.tmp"));
        assertNull(NAMES.backupDate("../ohlc_hourly_20260131.csv"));
        assertNull(NAMES.backupDate("OHLC_20260131.csv"));
        assertNull(NAMES.backupDate("20260131.csv"));
        assertNull(NAMES.backupDate("mynotes_20200101.csv"), "not one of the project's tables");
    }

    @Test
    void should_keep_a_file_exactly_retention_days_old_and_delete_the_day_before(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-31T23:59:59Z"), ZoneOffset.UTC);
        Files.writeString(dir.resolve("sentiment_daily_20260301.csv"), "a");   // 30 days old
        Files.writeString(dir.resolve("sentiment_daily_20260228.csv"), "b");   // 31 days old
        Files.createDirectory(dir.resolve("ohlc_hourly_20000101.csv"));        // a directory with a backup's name

        List<String> removed = new CsvRetention(dir, 30, clock, TABLES).prune();

        assertEquals(List.of("sentiment_daily_20260228.csv"), removed);
        assertTrue(Files.exists(dir.resolve("sentiment_daily_20260301.csv")));
        assertTrue(Files.isDirectory(dir.resolve("ohlc_hourly_20000101.csv")));
    }

    @Test
    void should_prune_only_files_named_after_one_of_the_project_tables(@TempDir Path dir) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-31T12:00:00Z"), ZoneOffset.UTC);
        for (String name : List.of("mynotes_20200101.csv", "important_20200101.csv", "ohlc_20200101.csv",
            "dead_letter_20200101.csv", "ohlc_hourly_20200101.csv", "etf_flows_total_daily_20200101.csv")) {
            Files.writeString(dir.resolve(name), "x");
        }

        List<String> removed = new CsvRetention(dir, 30, clock, TABLES).prune();

        assertEquals(List.of("etf_flows_total_daily_20200101.csv", "ohlc_hourly_20200101.csv"), removed);
        for (String kept : List.of("mynotes_20200101.csv", "important_20200101.csv", "ohlc_20200101.csv",
            "dead_letter_20200101.csv")) {
            assertTrue(Files.exists(dir.resolve(kept)), kept + " is not a backup of ours and must stay");
        }
    }

    @Test
    void should_do_nothing_when_the_folder_does_not_exist(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), new CsvRetention(dir.resolve("missing"), 30, Clock.systemUTC(), TABLES).prune());
    }
}
