package io.marketintel.reliability;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault matrix of the error policy, row by row, through a real source route (Fear &amp; Greed: the policy is shared,
 * so what holds here holds for every route that opts into {@code source-errors}).
 */
class FaultMatrixTest extends RouteTestSupport {

    static final String RECORDED = fixture("alternative_me_fng_limit365_paleaura01.json");
    static final String CLOUDFLARE = "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
        + "<body><div id=\"cf-challenge\">Checking your browser</div></body></html>";

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("retry.initial-delay-ms", "100");
        p.put("retry.max-delay-ms", "1000");
        p.put("http.response-timeout-ms", "500");
        p.put("db.busy-timeout-ms", "200");
        p.put("retry.max-redeliveries", "5");
        return p;
    }

    static void flaky(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first, int times) {
        String state = Scenario.STARTED;
        for (int i = 1; i <= times; i++) {
            API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("s").whenScenarioStateIs(state)
                .willReturn(first).willSetStateTo("s" + i));
            state = "s" + i;
        }
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("s").whenScenarioStateIs(state)
            .willReturn(aResponse().withStatus(200).withBody(RECORDED)));
    }

    Map<String, Object> onlyDeadLetter() throws Exception {
        List<Map<String, Object>> dl = query("SELECT * FROM dead_letter");
        assertEquals(1, dl.size(), dl.toString());
        return dl.get(0);
    }

    long routeAttribute(String route, String attribute) throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbs.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"" + route + "\",*"), null);
        return ((Number) mbs.getAttribute(names.iterator().next(), attribute)).longValue();
    }

    @Test
    void should_count_the_redelivery_of_a_429() throws Exception {
        flaky(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{}"), 1);

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome());
        // Camel's route MBean counts Redeliveries only for exchanges that finally failed: this one succeeded
        assertEquals(0, routeAttribute("fear-greed", "Redeliveries"));
        assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(
            new ObjectName("io.marketintel:type=source,name=fear-greed"), "Redeliveries"));
    }

    @Test
    void should_back_off_exponentially_on_a_cloudflare_page_then_dead_letter_as_blocked() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(403)
            .withHeader("Content-Type", "text/html; charset=UTF-8").withBody(CLOUDFLARE)));

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        List<LoggedRequest> calls = API.findAll(getRequestedFor(urlPathEqualTo("/fng/")));
        assertEquals(6, calls.size(), "1 + retry.max-redeliveries");
        // gaps grow: 100, 200, 400, 800, 1000 (capped) ms: backoff, not a fixed delay. A loaded machine only makes a
        // gap longer, so each gap is held to its lower bound; the first is held under the fourth's bound (a fixed delay
        // long enough for the later gaps would fail it) with room for a stall of 0.5 s
        long[] expected = {100, 200, 400, 800, 1000};
        List<Long> gaps = new java.util.ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(calls.get(i).getLoggedDate().getTime() - calls.get(i - 1).getLoggedDate().getTime());
        }
        for (int i = 0; i < expected.length; i++) {
            assertTrue(gaps.get(i) >= expected[i] * 9 / 10, "gap " + (i + 1) + " at least " + expected[i] + " ms: " + gaps);
        }
        assertTrue(gaps.get(0) < expected[3] * 9 / 10, "the first wait is short (backoff, not a fixed delay): " + gaps);
        Map<String, Object> dl = onlyDeadLetter();
        assertTrue(((String) dl.get("error")).contains("blocked/rate-limited by the provider"), (String) dl.get("error"));
        assertEquals(CLOUDFLARE, dl.get("original_payload"));
    }

    @Test
    void should_store_once_after_a_few_5xx_without_duplicates() throws Exception {
        flaky(aResponse().withStatus(500).withBody("oops"), 2);
        run("fear-greed");
        flaky(aResponse().withStatus(503).withBody("busy"), 3);

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome());
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
        assertEquals(365, count("SELECT COUNT(DISTINCT as_of_date) FROM sentiment_daily"));
    }

    @Test
    void should_not_retry_a_404_and_name_the_property_to_fix() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(404).withBody("{\"error\":\"not found\"}")));

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        API.verify(1, getRequestedFor(urlPathEqualTo("/fng/")));
        assertTrue(((String) onlyDeadLetter().get("error")).contains("check feargreed.base-url"));
    }

    @Test
    void should_time_out_in_seconds_retry_and_dead_letter_a_slow_server() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200).withBody(RECORDED)
            .withFixedDelay(3000)));

        long t0 = System.nanoTime();
        RunResult r = run("fear-greed");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        API.verify(6, getRequestedFor(urlPathEqualTo("/fng/")));
        // 6 attempts x 0.5 s timeout + backoff (0.1+0.2+0.4+0.8+1.0 s): seconds, never minutes
        assertTrue(ms < 10_000, "took " + ms + " ms");
        assertTrue(((String) onlyDeadLetter().get("error")).contains("no response within http.response-timeout-ms=500 ms"));
    }

    @Test
    void should_retry_a_connection_reset_like_a_5xx() throws Exception {
        flaky(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), 2);

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        API.verify(3, getRequestedFor(urlPathEqualTo("/fng/")));
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
    }

    @Test
    void should_call_again_on_an_empty_200_then_dead_letter_it_naming_the_call() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200).withBody("")));

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        assertEquals(0, r.rows());
        API.verify(6, getRequestedFor(urlPathEqualTo("/fng/")));
        String error = (String) onlyDeadLetter().get("error");
        assertTrue(error.startsWith("Fear & Greed /fng/: HTTP 200 with an empty body") && error.contains("after 6 attempts"),
            error);
    }

    @Test
    void should_store_once_an_empty_200_is_followed_by_the_data() throws Exception {
        flaky(aResponse().withStatus(200).withBody(""), 2);

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        API.verify(3, getRequestedFor(urlPathEqualTo("/fng/")));
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
    }

    @Test
    void should_retry_a_batch_while_another_process_locks_the_database() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200).withBody(RECORDED)));
        String url = "jdbc:sqlite:" + dir.resolve("test.db");
        try (Connection other = DriverManager.getConnection(url); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> run("fear-greed"));
            // the lock outlives busy_timeout (200 ms) several times over: the first attempts fail with SQLITE_BUSY
            org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(900)).until(() -> true);
            s.execute("ROLLBACK");
            RunResult r = run.get(30, TimeUnit.SECONDS);

            assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        }
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letter"));
    }

    @Test
    void should_never_run_the_same_source_twice_at_once() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200).withBody(RECORDED)
            .withFixedDelay(300)));

        CompletableFuture<RunResult> first = CompletableFuture.supplyAsync(() -> run("fear-greed"));
        org.awaitility.Awaitility.await().until(() -> API.findAll(getRequestedFor(urlPathEqualTo("/fng/"))).size() >= 1);
        RunResult second = run("fear-greed");
        first.get(30, TimeUnit.SECONDS);

        assertEquals(RunResult.Outcome.SKIPPED, second.outcome());
    }
}
