package io.marketintel.acceptance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's promise on CSV retention, in the shipped layout: the daily cleanup deletes only old
 * {@code <table>_YYYYMMDD.csv} backups of the project's tables; an operator's own files in the backup folder stay.
 */
class RetentionIT {

    @Test
    void should_delete_only_old_backups_of_the_project_tables_and_keep_the_operators_files() throws Exception {
        try (UserInstall u = new UserInstall()) {
            Path backups = Files.createDirectories(u.home.resolve("data/backups"));
            List<String> foreign = List.of("mynotes_20200101.csv", "important_20200101.csv", "dead_letter_20200101.csv");
            for (String name : foreign) {
                Files.writeString(backups.resolve(name), "mine\n");
            }
            Files.writeString(backups.resolve("ohlc_hourly_20200101.csv"), "ts_utc\n");
            Files.writeString(backups.resolve("sentiment_daily_20200101.csv"), "date\n");
            // the cleanup's cron is a timing: every 2 s instead of 01:30 UTC
            u.timing("backup.csv.cleanup-cron", "0/2 * * * * ?");

            Process p = u.start();
            try {
                // two cleanups: the second must find nothing left to take
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> u.logs().split("CSV retention: ", -1).length > 2 || !p.isAlive());
            } finally {
                p.destroy();
                p.waitFor();
            }
            String logs = u.logs();
            assertTrue(logs.contains("CSV retention: 2 file(s) removed"), logs);
            assertTrue(logs.contains("CSV retention: 0 file(s) removed"), logs);
            assertTrue(logs.contains("CSV backup removed (dated more than 30 days ago): ohlc_hourly_20200101.csv"), logs);
            assertTrue(logs.contains("CSV backup removed (dated more than 30 days ago): sentiment_daily_20200101.csv"), logs);
            assertFalse(Files.exists(backups.resolve("ohlc_hourly_20200101.csv")));
            assertFalse(Files.exists(backups.resolve("sentiment_daily_20200101.csv")));
            for (String name : foreign) {
                assertTrue(Files.exists(backups.resolve(name)), name + " was deleted:\n" + logs);
                assertFalse(logs.contains("removed (dated more than 30 days ago): " + name), logs);
            }
        }
    }
}
