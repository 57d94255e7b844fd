package io.marketintel.testsource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import io.marketintel.cli.Reports;
import io.marketintel.deadletter.DeadLetterReplay;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.RunResult;
import io.marketintel.pipeline.Source;
import io.marketintel.pipeline.Sources;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adding a source is one YAML declaration plus one package: a source that exists only here (test-quotes:
 * src/test/resources/test-source/test-quotes.camel.yaml and this package) gets, from the templates alone, its trigger
 * and switch, the call under the error policy, a store that keeps the payload for replay, the CSV backup, the run
 * record, the snapshot after it, its freshness and its line in the summary.
 */
class TestOnlySourceTest extends RouteTestSupport {

    static final String QUOTES = "{\"quotes\":[{\"day\":\"2026-11-29\",\"price\":\"1.25\"},"
        + "{\"day\":\"2026-11-30\",\"price\":\"1.50\"},{\"day\":\"2026-12-01\",\"price\":\"-3\"}]}";

    static final String GOOD_QUOTES = "{\"quotes\":[{\"day\":\"2026-11-29\",\"price\":\"1.25\"},"
        + "{\"day\":\"2026-11-30\",\"price\":\"1.50\"}]}";

    @Override
    protected Properties extraProperties() {
        Properties shipped = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            shipped.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties p = new Properties();
        p.put("camel.main.routes-include-pattern", shipped.getProperty("camel.main.routes-include-pattern")
            + ",classpath:test-source/*.camel.yaml");
        p.put("camel.main.configuration-classes", shipped.getProperty("camel.main.configuration-classes")
            + "," + TestQuotesConfiguration.class.getName());
        p.put("testquotes.enabled", "true");
        p.put("testquotes.cron", "0 0 3 * * ?");
        p.put("testquotes.base-url", API.baseUrl());
        return p;
    }

    IngestRunner runner() {
        return context.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class);
    }

    @Test
    void should_be_declared_by_its_yaml_alone() {
        Source s = context.getRegistry().findSingleByType(Sources.class).byId("test-quotes");
        assertEquals(List.of("test_quote_daily"), s.tables());
        assertEquals("testquotes.cron", s.cronKey());
        assertEquals("freshness_test_quotes", s.freshnessSql());
        // its trigger, on its cron, started because testquotes.enabled=true
        assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus("test-quotes-schedule"));
        assertTrue(context.getRoute("test-quotes-schedule").getEndpoint().getEndpointUri()
            .startsWith("quartz://market-intel/test-quotes"));
        assertTrue(runner().switchedOff().contains("etf-sosovalue") && !runner().switchedOff().contains("test-quotes"));
    }

    @Test
    void should_run_end_to_end_through_the_shared_pipeline() throws Exception {
        API.stubFor(get(urlPathEqualTo("/quotes")).willReturn(aResponse().withStatus(200).withBody(QUOTES)));

        RunResult r = run("test-quotes");

        assertEquals(RunResult.Outcome.PARTIAL, r.outcome(), String.valueOf(r.error()));
        assertEquals(2, r.rows());
        assertEquals(2, count("SELECT COUNT(*) FROM test_quote_daily"));
        assertEquals("1.50", query("SELECT price FROM test_quote_daily WHERE day = '2026-11-30'").get(0).get("price"));
        // the record failing its check is a dead letter of this source, with the record itself
        List<java.util.Map<String, Object>> dead = query("SELECT error, original_payload FROM dead_letter WHERE source = ?",
            "test-quotes");
        assertEquals(1, dead.size());
        assertTrue(String.valueOf(dead.get(0).get("original_payload")).contains("-3"), dead.toString());
        // run record, then the snapshot the after-run route starts when rows were stored
        assertEquals("PARTIAL", query("SELECT outcome FROM ingest_run WHERE source = 'test-quotes'").get(0).get("outcome"));
        assertEquals(1, count("SELECT COUNT(*) FROM ingest_run WHERE source = 'snapshot-daily'"));
        // the day's CSV backup of its table, from its backup SQL
        String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        List<String> csv = Files.readAllLines(dir.resolve("backups").resolve("test_quote_daily_" + today + ".csv"));
        assertEquals(List.of("day,price", "2026-11-29,1.25", "2026-11-30,1.50"), csv);
        // freshness from its SQL, and its line in the summary under its declared label
        assertEquals(LocalDate.parse("2026-11-30").atStartOfDay(ZoneOffset.UTC).toInstant(),
            runner().newest(context.getRegistry().findSingleByType(Sources.class).byId("test-quotes")));
        String summary = context.getRegistry().lookupByNameAndType("reports", Reports.class).summary(List.of(r), 1);
        assertTrue(summary.contains("Test Quotes: 2"), summary);
    }

    @Test
    void should_keep_the_payload_of_a_failed_store_and_replay_it_without_a_call() throws Exception {
        API.stubFor(get(urlPathEqualTo("/quotes")).willReturn(aResponse().withStatus(200).withBody(GOOD_QUOTES)));
        TestQuoteRepository.FAIL_NEXT.set(true);

        RunResult failed = run("test-quotes");

        assertEquals(RunResult.Outcome.FAILED, failed.outcome());
        assertEquals(0, count("SELECT COUNT(*) FROM test_quote_daily"));
        var dead = query("SELECT replay, original_payload FROM dead_letter WHERE source = 'test-quotes' AND error LIKE"
            + " '%refused the write%'");
        assertEquals(1, dead.size(), dead.toString());
        assertTrue(String.valueOf(dead.get(0).get("replay")).startsWith("direct:test-quotes-store"), dead.toString());
        assertEquals(GOOD_QUOTES, dead.get(0).get("original_payload"));

        List<DeadLetterReplay.Outcome> outcomes = context.getRegistry()
            .lookupByNameAndType("deadLetterReplay", DeadLetterReplay.class).replay("test-quotes");

        assertTrue(outcomes.size() == 1 && outcomes.get(0).replayed(), outcomes.toString());
        assertEquals(2, count("SELECT COUNT(*) FROM test_quote_daily"));
        API.verify(1, getRequestedFor(urlPathEqualTo("/quotes")));
    }
}
