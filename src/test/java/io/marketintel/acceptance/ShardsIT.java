package io.marketintel.acceptance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README "Sharing the work", on the packaged jar in a scratch installation as shipped (SQLite, one node), at the default
 * level and at DEBUG: {@code coingecko.shards=2} gives CoinGecko two triggers, each run records its part, the start-up
 * says so; more parts than assets is refused in one line naming the key.
 */
class ShardsIT {

    @Test
    void should_run_each_part_on_its_own_trigger_and_refuse_more_parts_than_assets() throws Exception {
        for (String level : List.of("INFO", "DEBUG")) {
            try (UserInstall u = new UserInstall()) {
                u.env("LOG_LEVEL", level).timing("coingecko.cron", "0/2 * * * * ?");
                Process scheduler = u.start("-Dcoingecko.shards=2");
                try {
                    // the store appears once the jar has started
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                        !scheduler.isAlive() || u.count("SELECT COUNT(DISTINCT part) FROM ingest_run WHERE source ="
                            + " 'coingecko-ohlc' AND part IS NOT NULL AND outcome = 'SUCCESS'") == 2);
                } finally {
                    scheduler.destroy();
                    assertTrue(scheduler.waitFor(60, TimeUnit.SECONDS), "the scheduler stops on SIGTERM");
                }
                String console = u.stdout();
                assertTrue(console.contains("coingecko-ohlc: 2 parts (coingecko.shards), each its own job: coingecko-ohlc"
                    + " .. coingecko-ohlc-part2"), level + "\n" + console);
                assertTrue(console.contains("of coingecko-ohlc (part 1 of 2) finished SUCCESS"), level + "\n" + console);
                assertTrue(console.contains("of coingecko-ohlc (part 2 of 2) finished SUCCESS"), level + "\n" + console);
                assertEquals(List.of("1/2", "2/2"), u.strings("SELECT DISTINCT part FROM ingest_run WHERE source ="
                    + " 'coingecko-ohlc' AND part IS NOT NULL ORDER BY part"), level);
                // the catch-up at start on a single node ran the whole source: no part
                assertTrue(u.count("SELECT COUNT(*) FROM ingest_run WHERE source = 'coingecko-ohlc' AND part IS NULL"
                    + " AND outcome = 'SUCCESS'") >= 1, level);
                assertEquals(0, u.count("SELECT COUNT(*) FROM ingest_run WHERE outcome IN ('FAILED', 'PARTIAL')"),
                    level + "\n" + console);
                assertFalse(console.contains(" ERROR "), level + "\n" + console);

                UserInstall.Result refused = u.run(60, "-Dcoingecko.shards=3");
                assertEquals(2, refused.exit(), refused.console());
                assertEquals(List.of("market-intel: Configuration error: coingecko.shards = '3' is more than the 2"
                    + " asset(s) of coingecko.assets: each part fetches at least one asset; set coingecko.shards to at"
                    + " most 2"), refused.stderr().lines().toList(), level);
            }
        }
    }
}
