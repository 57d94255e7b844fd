package io.marketintel.acceptance;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README: a source switched off ({@code feargreed.enabled=false}, {@code coingecko.enabled=false},
 * {@code snapshot.enabled=false}) is off in every mode: no trigger, no call, no run record, no dead letter — in the
 * scheduler (its cron firing every second), at catch-up and with {@code --once} (replay: {@link ReplayIT}).
 */
class DisabledSourcesIT {

    static final String[] OFF = {"-Dfeargreed.enabled=false", "-Dcoingecko.enabled=false", "-Dsnapshot.enabled=false"};
    static final String OFF_SOURCES = "('fear-greed', 'coingecko-ohlc', 'snapshot-daily')";

    @Test
    void should_never_run_a_disabled_source_in_any_mode() throws Exception {
        try (UserInstall u = new UserInstall()) {
            // the scheduler: every cron fires each second; Farside (on) proves the triggers fired
            u.timing("feargreed.cron", "* * * * * ?").timing("coingecko.cron", "* * * * * ?")
                .timing("snapshot.cron", "* * * * * ?").timing("etf.farside.cron", "* * * * * ?");
            Process scheduler = u.start(OFF);
            try {
                // the catch-up run, then two fires of the cron
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> u.apis.requests("/btc/").size() >= 3);
            } finally {
                scheduler.destroy();
                assertTrue(scheduler.waitFor(60, TimeUnit.SECONDS), "the scheduler stops on SIGTERM");
            }
            String schedulerLog = u.stdout();
            assertEquals(0, u.apis.requests("/fng/").size(), "no Fear & Greed call\n" + schedulerLog);
            assertEquals(0, u.apis.requests("/api/v3/").size(), "no CoinGecko call\n" + schedulerLog);
            assertOffLine(schedulerLog);

            // --once, at DEBUG: the same
            u.env("LOG_LEVEL", "DEBUG");
            UserInstall.Result once = u.run(120, "--once", OFF[0], OFF[1], OFF[2]);
            assertEquals(0, once.exit(), once.console());
            assertEquals(0, u.apis.requests("/fng/").size(), once.console());
            assertEquals(0, u.apis.requests("/api/v3/").size(), once.console());
            assertOffLine(once.console());

            assertEquals(0, u.count("SELECT COUNT(*) FROM ingest_run WHERE source IN " + OFF_SOURCES),
                "no run record of a disabled source");
            assertEquals(0, u.count("SELECT COUNT(*) FROM dead_letter"), "no dead letter");
            assertTrue(u.count("SELECT COUNT(*) FROM ingest_run WHERE source = 'etf-farside'") >= 4,
                "the enabled source ran at catch-up, on its cron and with --once");
            // (--replay-dead-letters with a source off: ReplayIT)
        }
    }

    /** One INFO line at start says which sources are off and by which key. */
    static void assertOffLine(String console) {
        String line = console.lines().filter(l -> l.contains("Sources off:")).findFirst().orElse("");
        for (String off : new String[] {"fear-greed (feargreed.enabled=false)", "coingecko-ohlc (coingecko.enabled=false)",
            "snapshot-daily (snapshot.enabled=false)"}) {
            assertTrue(line.contains(off), off + " in the start-up line:\n" + console);
        }
        assertEquals(1, console.lines().filter(l -> l.contains("Sources off:")).count(), console);
    }
}
