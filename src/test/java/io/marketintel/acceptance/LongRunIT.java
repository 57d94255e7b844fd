package io.marketintel.acceptance;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long work is not silent, and its numbers agree: progress lines while a run of many assets goes on, the retries a
 * run needed in its summary, rows written told apart from rows present, a killed run keeping the rows it committed,
 * and a SIGTERM saying what ran, what was in flight and what is left for the next run.
 */
class LongRunIT {

    static final String ETH_OHLC = "/api/v3/coins/ethereum/ohlc";

    /** A 429 asking to wait two minutes: the run stays in flight without holding the imitation's one thread. */
    static FakeApis.Reply rateLimitedForLong() {
        return new FakeApis.Reply(429, "application/json", "{\"status\":{\"error_code\":429}}".getBytes(
            StandardCharsets.UTF_8), Map.of("Retry-After", "120"));
    }

    @Test
    void should_log_progress_per_asset_and_count_the_retries_in_the_summary() throws Exception {
        try (UserInstall u = new UserInstall()) {
            u.apis.coinsLikeBitcoin("solana", "ripple");
            // every other call of bitcoin's candles is refused once with a 429, so each run retries exactly once
            AtomicInteger calls = new AtomicInteger();
            u.apis.answer("/api/v3/coins/bitcoin/ohlc", req -> calls.incrementAndGet() % 2 == 1
                ? new FakeApis.Reply(429, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of("Retry-After", "0"))
                : u.apis.recording(req));
            u.timing("run.progress-interval-seconds", "0");
            String assets = "-Dcoingecko.assets=bitcoin:BTC,ethereum:ETH,solana:SOL,ripple:XRP";

            for (String level : new String[] {"INFO", "DEBUG"}) {
                u.env("LOG_LEVEL", level);
                UserInstall.Result r = u.run(120, assets, "--once");
                assertEquals(0, r.exit(), level + "\n" + r.console());
                String out = r.stdout();
                // one line as each asset finishes (the interval is 0 here), none for the last: the run's end says it
                Matcher m = Pattern.compile("Run \\S+ of coingecko-ohlc: (\\d) of 4 assets done \\(last: (BTC|ETH|SOL|XRP)\\), "
                    + "[\\d,]+ row\\(s\\) written, \\d+ s elapsed, about \\d+ s left").matcher(out);
                int lines = 0;
                while (m.find()) {
                    lines++;
                    assertEquals(String.valueOf(lines), m.group(1), level + "\n" + out);
                }
                assertEquals(3, lines, level + "\n" + out);
                assertTrue(out.contains("coingecko-ohlc: SUCCESS after 1 retry (HTTP 429 from /api/v3/coins/bitcoin/ohlc)"),
                    level + "\n" + out);
                assertTrue(out.contains("Rows written by this run") && out.contains("Rows in the database now:"), out);
            }
            // the second run changed only the hours that moved on: written is not present
            long present = count(u, "SELECT COUNT(*) FROM ohlc_hourly");
            assertTrue(present >= 4 * 300, "rows present " + present);
        }
    }

    @Test
    void should_keep_the_rows_a_killed_run_committed_in_its_abandoned_record() throws Exception {
        try (UserInstall u = new UserInstall()) {
            u.apis.answer(ETH_OHLC, req -> rateLimitedForLong());
            u.timing("run.progress-interval-seconds", "0");
            Process p = u.start("--once");
            awaitBitcoinStoredAndEthereumWaiting(u);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long committed = count(u, "SELECT COUNT(*) FROM ohlc_hourly");

            u.apis.answer(ETH_OHLC, u.apis::recording);
            UserInstall.Result next = u.run(120, "--once");

            assertEquals(0, next.exit(), next.console());
            List<Map<String, Object>> abandoned = query(u,
                "SELECT rows, error FROM ingest_run WHERE source = 'coingecko-ohlc' AND outcome = 'ABANDONED'");
            assertEquals(1, abandoned.size(), abandoned.toString());
            long rows = ((Number) abandoned.get(0).get("rows")).longValue();
            assertTrue(rows >= committed && committed > 0, "the killed run wrote " + rows + " row(s); " + committed
                + " are present");
            assertTrue(String.valueOf(abandoned.get(0).get("error")).contains("rows it had committed"), abandoned.toString());
        }
    }

    @Test
    void should_say_on_sigterm_what_ran_what_was_in_flight_and_what_is_left() throws Exception {
        try (UserInstall u = new UserInstall()) {
            u.apis.answer(ETH_OHLC, req -> rateLimitedForLong());
            u.timing("camel.main.shutdown-timeout", "3");
            u.timing("run.progress-interval-seconds", "0");
            Process p = u.start();
            awaitBitcoinStoredAndEthereumWaiting(u);

            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the scheduler stops on SIGTERM");

            String log = u.logs();
            assertTrue(Pattern.compile("Stopping: \\d+ run\\(s\\) finished since start .*1 run\\(s\\) in flight").matcher(log)
                .find(), log);
            assertTrue(Pattern.compile("in flight: coingecko-ohlc \\(run \\S+, started \\S+, 1 of 2 assets done, [1-9]\\d* "
                + "row\\(s\\) committed").matcher(log).find(), log);
            assertTrue(Pattern.compile("Run \\S+ of coingecko-ohlc cut short by the shutdown: stopped by the shutdown before it "
                + "finished; [1-9]\\d* row\\(s\\) committed, 1 of 2 assets not finished; the next run of coingecko-ohlc .*"
                + "fetches what is missing; recorded as ABANDONED").matcher(log).find(), log);
            assertTrue(log.contains("Stopped: of the 1 run(s) in flight, 0 finished and 1 were cut short"), log);
            assertTrue(!log.contains("RejectedExecutionException") && !log.contains("\tat "),
                "a shutdown is no failure: no rejected exchange, no stack trace\n" + log);
            List<Map<String, Object>> run = query(u,
                "SELECT outcome, rows, error FROM ingest_run WHERE source = 'coingecko-ohlc'");
            assertEquals(1, run.size(), run.toString());
            assertEquals("ABANDONED", run.get(0).get("outcome"), run.toString());
            assertTrue(String.valueOf(run.get(0).get("error")).contains("stopped by the shutdown"), run.toString());
            Matcher inFlight = Pattern.compile("in flight: coingecko-ohlc .* (\\d+) row\\(s\\) committed").matcher(log);
            assertTrue(inFlight.find(), log);
            assertEquals(Long.parseLong(inFlight.group(1)), ((Number) run.get(0).get("rows")).longValue(),
                "the record keeps what the log said was committed");
        }
    }

    /** Bitcoin's backfill and candles are committed, ethereum's candle call is waiting out a long Retry-After. */
    static void awaitBitcoinStoredAndEthereumWaiting(UserInstall u) {
        // the progress line (interval 0) says bitcoin is done; its rows are committed before it
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
            !u.apis.requests(ETH_OHLC).isEmpty() && u.stdout().contains("of coingecko-ohlc: 1 of 2 assets done (last: BTC)")
                && count(u, "SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'ETH'") > 0);
    }

    static long count(UserInstall u, String sql) throws Exception {
        return ((Number) query(u, sql).get(0).values().iterator().next()).longValue();
    }

    static List<Map<String, Object>> query(UserInstall u, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + u.db());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
