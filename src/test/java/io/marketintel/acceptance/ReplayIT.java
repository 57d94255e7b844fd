package io.marketintel.acceptance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README "--replay-dead-letters": a payload that failed in a source's store step is re-sent from the stored payload
 * without calling the API — for every source; anything else (a failed request, a payload that is itself bad) runs the
 * source again; a replay that fails again stays pending with its new error: one outage, one pending dead letter.
 */
class ReplayIT {

    static final String PENDING_FNG = "SELECT COUNT(*) FROM dead_letter WHERE source = 'fear-greed' AND replayed_at IS NULL";

    @Test
    void should_keep_one_pending_dead_letter_per_outage_and_run_the_source_again_for_a_bad_payload() throws Exception {
        try (UserInstall u = new UserInstall()) {
            String recorded = get(u.apis.baseUrl() + "/fng/?limit=30");
            u.apis.answer("/fng/", r -> FakeApis.Reply.json(500, "{\"error\":\"down\"}"));
            UserInstall.Result first = u.run(120, "--once");
            assertEquals(1, u.count(PENDING_FNG), first.console());

            // a source switched off is not replayed: no call, the dead letter stays pending
            int afterOnce = u.apis.requests("/fng/").size();
            UserInstall.Result off = u.run(120, "--replay-dead-letters", "-Dfeargreed.enabled=false");
            assertEquals(afterOnce, u.apis.requests("/fng/").size(), off.console());
            assertTrue(off.console().contains("the source is off (feargreed.enabled=false)"), off.console());
            assertEquals(1, u.count(PENDING_FNG), off.console());

            // (b) the API now answers a truncated body: the replay fails again, and the same dead letter stays
            // pending with its new error, no second one; (a) the new failure is the payload itself ...
            u.apis.answer("/fng/", r -> FakeApis.Reply.json(200, recorded.substring(0, recorded.length() / 2)));
            UserInstall.Result again = u.run(120, "--replay-dead-letters");
            assertEquals(1, again.exit(), again.console());
            assertEquals(1, u.count(PENDING_FNG), again.console());
            assertEquals(1, u.count("SELECT COUNT(*) FROM dead_letter WHERE source = 'fear-greed'"), again.console());
            assertTrue(u.strings("SELECT error FROM dead_letter WHERE source = 'fear-greed'").get(0)
                .contains("not valid JSON"), again.console());

            // ... so once the API is sound again the replay asks it, instead of re-sending the truncated payload
            u.apis.answer("/fng/", r -> FakeApis.Reply.json(200, recorded));
            int calls = u.apis.requests("/fng/").size();
            UserInstall.Result fixed = u.run(120, "--replay-dead-letters");
            assertEquals(0, fixed.exit(), fixed.console());
            assertEquals(calls + 1, u.apis.requests("/fng/").size(), fixed.console());
            assertEquals(0, u.count(PENDING_FNG), fixed.console());
            assertTrue(u.count("SELECT COUNT(*) FROM sentiment_daily") >= 30, fixed.console());
        }
    }

    @Test
    void should_replay_every_sources_store_step_from_its_stored_payload_without_calling_the_apis() throws Exception {
        try (UserInstall u = new UserInstall()) {
            u.env("SOSOVALUE_API_KEY", "test-soso-key");
            // a database held by another process: every store step fails, its payload is kept
            u.timing("db.busy-timeout-ms", "100");
            String recorded = get(u.apis.baseUrl() + "/fng/?limit=30");
            AtomicReference<Connection> lock = new AtomicReference<>();
            u.apis.answer("/fng/", r -> {
                lockDatabase(u, lock);
                return FakeApis.Reply.json(200, recorded);
            });
            AtomicInteger metricsCalls = new AtomicInteger();
            // the run asks BTC then ETH, metrics before history
            u.apis.answer("/sosovalue/openapi/v2/etf/currentEtfDataMetrics", r -> FakeApis.Reply.json(200,
                metrics(metricsCalls.getAndIncrement() == 0 ? new String[] {"IBIT", "FBTC"} : new String[] {"ETHA", "FETH"})));
            u.apis.answer("/sosovalue/openapi/v2/etf/historicalInflowChart", r -> FakeApis.Reply.json(200, HISTORY));
            UserInstall.Result failed;
            try {
                failed = u.run(180, "--once");
            } finally {
                if (lock.get() != null) {
                    lock.get().close();
                }
            }
            assertEquals(1, failed.exit(), failed.console());
            assertEquals(0, u.count("SELECT COUNT(*) FROM ohlc_hourly"), failed.console());
            int before = u.apis.requests().size();

            UserInstall.Result replay = u.run(120, "--replay-dead-letters");

            assertEquals(0, replay.exit(), replay.console());
            assertEquals(before, u.apis.requests().size(), "a stored payload needs no API call:\n" + replay.console());
            for (String source : new String[] {"fear-greed", "coingecko-ohlc", "etf-farside", "etf-sosovalue"}) {
                assertTrue(replay.console().contains("[" + source + "] payload re-sent"), source + ":\n" + replay.console());
            }
            assertEquals(0, u.count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL"), replay.console());
            assertTrue(u.count("SELECT COUNT(*) FROM sentiment_daily") >= 30);
            assertTrue(u.count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'ETH' AND quality = 'ohlc'") > 0);
            assertTrue(u.count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'sampled'") > 0);
            assertTrue(u.count("SELECT COUNT(*) FROM etf_flows_daily WHERE source = 'farside' AND asset = 'ETH'") > 0);
            assertEquals(4, u.count("SELECT COUNT(*) FROM etf_flows_daily WHERE source = 'sosovalue'"));
            assertEquals(4, u.count("SELECT COUNT(*) FROM etf_flows_total_daily"));
        }
    }

    static void lockDatabase(UserInstall u, AtomicReference<Connection> lock) {
        if (lock.get() != null) {
            return;
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + u.db());
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
            }
            lock.set(c);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    static String metrics(String[] tickers) {
        String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
        return "{\"code\":0,\"msg\":null,\"data\":{\"list\":["
            + "{\"ticker\":\"" + tickers[0] + "\",\"dailyNetInflow\":{\"value\":12500000.0,\"lastUpdateDate\":\"" + day + "\"}},"
            + "{\"ticker\":\"" + tickers[1] + "\",\"dailyNetInflow\":{\"value\":-4390000.0,\"lastUpdateDate\":\"" + day + "\"}}"
            + "]}}";
    }

    static final String HISTORY = "{\"code\":0,\"msg\":null,\"data\":{\"list\":["
        + "{\"date\":\"2024-04-12\",\"totalNetInflow\":-55066297.0,\"totalNetAssets\":56216535367.0,\"cumNetInflow\":13534833596.095},"
        + "{\"date\":\"2024-04-11\",\"totalNetInflow\":91269283.0,\"totalNetAssets\":59225065270.0,\"cumNetInflow\":12581438056.095}"
        + "]}}";
}
