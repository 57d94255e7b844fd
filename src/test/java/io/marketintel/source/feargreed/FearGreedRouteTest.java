package io.marketintel.source.feargreed;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Fear &amp; Greed source end to end: real YAML routes, WireMock serving the real recorded response. */
class FearGreedRouteTest extends RouteTestSupport {

    static final String RECORDED = fixture("alternative_me_fng_limit365_paleaura01.json");

    static void answer(int status, String body) {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void should_store_one_row_per_day_the_api_returned_and_skip_the_missing_day() throws Exception {
        answer(200, RECORDED);

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        assertEquals(365, r.rows());
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
        Map<String, Object> range = query("SELECT MIN(as_of_date) AS lo, MAX(as_of_date) AS hi FROM sentiment_daily").get(0);
        assertEquals("2024-04-22", range.get("lo"));
        assertEquals("2025-04-22", range.get("hi"));
        assertEquals(0, count("SELECT COUNT(*) FROM sentiment_daily WHERE as_of_date = '2024-10-26'"));
        Map<String, Object> newest = query("SELECT fng_value, classification FROM sentiment_daily WHERE as_of_date = '2025-04-22'").get(0);
        assertEquals(47, ((Number) newest.get("fng_value")).intValue());
        assertEquals("Neutral", newest.get("classification"));
        // the request the API documents
        API.verify(1, getRequestedFor(urlPathEqualTo("/fng/")).withQueryParam("limit",
            com.github.tomakehurst.wiremock.client.WireMock.equalTo("30")));
        // the run is recorded
        Map<String, Object> run = query("SELECT outcome, rows FROM ingest_run WHERE run_id = ?", r.runId()).get(0);
        assertEquals("SUCCESS", run.get("outcome"));
        assertEquals(365, ((Number) run.get("rows")).intValue());
    }

    @Test
    void should_leave_table_and_backup_identical_when_run_twice() throws Exception {
        answer(200, RECORDED);
        run("fear-greed");
        String table1 = dump();
        Path csv = backupFile();
        byte[] csv1 = Files.readAllBytes(csv);

        RunResult second = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, second.outcome());
        assertEquals(table1, dump());
        assertTrue(java.util.Arrays.equals(csv1, Files.readAllBytes(csv)), "re-run rewrites the backup identically");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("as_of_date,fng_value,classification,source", lines.get(0));
        assertEquals(366, lines.size(), "one header and 365 rows");
        assertEquals(1, lines.stream().filter(l -> l.startsWith("as_of_date")).count(), "exactly one header");
        try (var files = Files.list(csv.getParent())) {
            assertEquals(List.of(csv.getFileName().toString()), files.map(p -> p.getFileName().toString()).toList(),
                "no temp file left behind");
        }
    }

    @Test
    void should_store_after_two_503_answers() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("down")).willSetStateTo("second"));
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("flaky").whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(503).withBody("down")).willSetStateTo("up"));
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("flaky").whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200).withBody(RECORDED)));

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome());
        API.verify(3, getRequestedFor(urlPathEqualTo("/fng/")));
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letter"));
    }

    @Test
    void should_wait_for_retry_after_seconds_on_429_then_store() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"error\":\"slow down\"}"))
            .willSetStateTo("ok"));
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("limited").whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody(RECORDED)));

        long t0 = System.nanoTime();
        RunResult r = run("fear-greed");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome());
        // the backoff here is 10 ms: only Retry-After explains a wait of about a second
        assertTrue(ms >= 950 && ms < 5000, "waited " + ms + " ms");
        API.verify(2, getRequestedFor(urlPathEqualTo("/fng/")));
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
    }

    @Test
    void should_dead_letter_the_original_payload_when_the_api_always_fails() throws Exception {
        answer(500, "{\"error\":\"internal\"}");

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        API.verify(4, getRequestedFor(urlPathEqualTo("/fng/")));   // 1 + retry.max-redeliveries
        List<Map<String, Object>> dl = query("SELECT * FROM dead_letter");
        assertEquals(1, dl.size());
        assertEquals("{\"error\":\"internal\"}", dl.get(0).get("original_payload"));
        assertEquals(500, ((Number) dl.get(0).get("http_status")).intValue());
        assertEquals("fear-greed", dl.get(0).get("source"));
        assertTrue(((String) dl.get(0).get("error")).contains("HTTP 500"), (String) dl.get(0).get("error"));
        assertTrue(((String) dl.get(0).get("endpoint")).contains("/fng/?limit=30"));
        assertEquals(0, count("SELECT COUNT(*) FROM sentiment_daily"));
        try (var files = Files.list(dir.resolve("deadletter"))) {
            assertEquals(1, files.count(), "the dead letter is also a file");
        }
        assertEquals("FAILED", query("SELECT outcome FROM ingest_run WHERE run_id = ?", r.runId()).get(0).get("outcome"));

        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = mbs.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"fear-greed\",*"), null);
        assertEquals(1, names.size(), names.toString());
        ObjectName route = names.iterator().next();
        assertEquals(1L, ((Number) mbs.getAttribute(route, "FailuresHandled")).longValue());
        assertEquals(0L, ((Number) mbs.getAttribute(route, "ExchangesFailed")).longValue());
    }

    @Test
    void should_dead_letter_malformed_json_whole_and_store_nothing() throws Exception {
        String truncated = RECORDED.substring(0, RECORDED.length() / 2);
        answer(200, truncated);

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        API.verify(1, getRequestedFor(urlPathEqualTo("/fng/")));   // not retried: the answer will not change
        Map<String, Object> dl = query("SELECT * FROM dead_letter").get(0);
        assertEquals(truncated, dl.get("original_payload"));
        assertEquals("fear-greed-store", dl.get("route_id"));
        assertTrue(((String) dl.get("error")).contains("not valid JSON"), (String) dl.get("error"));
        assertEquals(0, count("SELECT COUNT(*) FROM sentiment_daily"));
    }

    @Test
    void should_store_valid_records_and_dead_letter_the_one_missing_a_field() throws Exception {
        answer(200, """
            {"name":"Fear and Greed Index","data":[
              {"value":"47","value_classification":"Neutral","timestamp":"1745280000","extra":"ignored"},
              {"value_classification":"Fear","timestamp":"1745193600"},
              {"value":"30","value_classification":"Fear","timestamp":"1745107200"}],"metadata":{"error":null}}""");

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.PARTIAL, r.outcome());
        assertEquals(2, count("SELECT COUNT(*) FROM sentiment_daily"));
        Map<String, Object> dl = query("SELECT * FROM dead_letter").get(0);
        assertTrue(((String) dl.get("error")).contains("missing required field 'value'"));
        assertTrue(((String) dl.get("original_payload")).contains("1745193600"));
    }

    @Test
    void should_dead_letter_an_empty_list_and_keep_existing_rows() throws Exception {
        answer(200, RECORDED);
        run("fear-greed");
        answer(200, "{\"name\":\"Fear and Greed Index\",\"data\":[],\"metadata\":{\"error\":null}}");

        RunResult r = run("fear-greed");

        // the index always has today's value: no data where data is expected is a failure, never a SUCCESS
        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        assertEquals(0, r.rows());
        assertTrue(r.error().contains("data[] is empty"), r.error());
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"), "an empty answer wipes nothing");
    }

    private String dump() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> row : query("SELECT as_of_date, fng_value, classification, source FROM sentiment_daily ORDER BY as_of_date")) {
            sb.append(row).append('\n');
        }
        return sb.toString();
    }

    private Path backupFile() throws Exception {
        try (var files = Files.list(dir.resolve("backups"))) {
            Path p = files.filter(f -> f.getFileName().toString().matches("sentiment_daily_\\d{8}\\.csv")).findFirst().orElse(null);
            assertNotNull(p, "backup file written");
            return p;
        }
    }
}
