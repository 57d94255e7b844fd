package io.marketintel.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import io.marketintel.deadletter.DeadLetterReplay;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dead letters are replayable once the cause is fixed, and never silently dropped. */
class DeadLetterReplayTest extends RouteTestSupport {

    static final String RECORDED = fixture("alternative_me_fng_limit365_paleaura01.json");

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("retry.max-redeliveries", "1");
        p.put("db.busy-timeout-ms", "100");
        return p;
    }

    DeadLetterReplay replay() {
        return context.getRegistry().lookupByNameAndType("deadLetterReplay", DeadLetterReplay.class);
    }

    @Test
    void should_replay_a_stored_payload_without_calling_the_api_again() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200).withBody(RECORDED)));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
             Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");   // held through every attempt: the write is dead-lettered
            RunResult failed = run("fear-greed");
            s.execute("ROLLBACK");
            assertEquals(RunResult.Outcome.FAILED, failed.outcome());
        }
        // the database refused the dead letter too (it was locked): only its file exists until the next run imports it
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letter"));
        context.getRegistry().lookupByNameAndType("deadLetters", io.marketintel.deadletter.DeadLetterService.class).importOrphans();
        Map<String, Object> dl = query("SELECT * FROM dead_letter").get(0);
        assertEquals("fear-greed-store", dl.get("route_id"));
        assertEquals(RECORDED, dl.get("original_payload"), "the payload as received, not the rows");
        assertTrue(((String) dl.get("error")).contains("database locked"), (String) dl.get("error"));
        API.resetRequests();

        List<DeadLetterReplay.Outcome> outcomes = replay().replay(null);

        assertEquals(1, outcomes.size());
        assertTrue(outcomes.get(0).replayed(), outcomes.toString());
        API.verify(0, getRequestedFor(urlPathEqualTo("/fng/")));
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
        assertNotNull(query("SELECT replayed_at FROM dead_letter").get(0).get("replayed_at"));
    }

    @Test
    void should_run_the_source_again_for_a_failed_request_and_keep_it_pending_until_it_works() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(500).withBody("down")));
        run("fear-greed");
        assertEquals(1, count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL"));

        // still broken: the dead letter stays pending, updated, not duplicated by a payload replay
        List<DeadLetterReplay.Outcome> still = replay().replay("fear-greed");
        assertEquals(1, still.size());
        assertTrue(!still.get(0).replayed());
        assertEquals(1, count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL AND id = ?", still.get(0).id()));
        assertEquals(1, count("SELECT COUNT(*) FROM dead_letter"), "one outage, one dead letter");
        assertTrue(((String) query("SELECT error FROM dead_letter").get(0).get("error")).contains("HTTP 500"));

        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200).withBody(RECORDED)));
        List<DeadLetterReplay.Outcome> fixed = replay().replay("fear-greed");

        assertTrue(fixed.stream().allMatch(DeadLetterReplay.Outcome::replayed), fixed.toString());
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL"));
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
        assertNull(fixed.get(0).error());
    }
}
