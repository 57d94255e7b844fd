package io.marketintel.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.marketintel.RouteTestSupport;
import io.marketintel.deadletter.DeadLetterReplay;
import io.marketintel.deadletter.DeadLetterService;
import io.marketintel.cli.Reports;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk under the database: the store's own SQLITE_FULL (the pooled connection may not grow the file), and a
 * run record that cannot be written (injected into the repository path with the same SQLite message, as a full disk
 * refuses the last small write of a run). What the operator needs: the cause and the place named with the way out,
 * no API hint, every dead letter counted, the run FAILED rather than RUNNING, no temp file, and a clean recovery.
 */
class DiskFullTest extends RouteTestSupport {

    static final String RECORDED = fixture("alternative_me_fng_limit365_paleaura01.json");

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("retry.max-redeliveries", "0");
        return p;
    }

    @Test
    void should_name_the_full_disk_count_file_dead_letters_mark_the_run_failed_and_recover() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200).withBody(RECORDED)));
        Path db = dir.resolve("test.db");
        try (Connection c = ds().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER disk_full BEFORE UPDATE ON ingest_run "
                + "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
            // the pool's one connection cannot grow the database file: SQLite's own SQLITE_FULL
            s.execute("PRAGMA max_page_count = " + pageCount(s));
        }

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        String expected = "disk full at " + db + " (";
        assertTrue(r.error().startsWith(expected), r.error());
        assertTrue(r.error().contains("SQLITE_FULL") && r.error().endsWith("free space there, then run --replay-dead-letters"),
            r.error());
        assertFalse(r.error().contains("no transaction is active"), r.error());
        assertFalse(r.error().contains("feargreed.base-url"), "no API hint for a store failure: " + r.error());

        Path deadLetters = dir.resolve("deadletter");
        try (Stream<Path> files = Files.walk(deadLetters)) {
            List<String> names = files.filter(Files::isRegularFile).map(f -> deadLetters.relativize(f).toString()).toList();
            assertEquals(2, names.size(), names.toString());   // the dead letter and the run's end
            assertTrue(names.stream().anyMatch(n -> n.startsWith("runs/" + r.runId())), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.contains(".tmp")), names.toString());
        }
        Reports reports = context.getRegistry().lookupByNameAndType("reports", Reports.class);
        String summary = reports.summary(List.of(r), 1);
        assertTrue(summary.contains("Dead letters pending: 1 (1 kept only as files in " + deadLetters), summary);
        String status = reports.status();
        assertTrue(status.contains("fear-greed       FAILED"), status);
        assertFalse(status.contains("RUNNING"), status);

        // space freed: the next run imports what the database refused, the replay stores the payload
        try (Connection c = ds().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER disk_full");
            s.execute("PRAGMA max_page_count = 1073741823");
        }
        context.getRegistry().lookupByNameAndType("deadLetters", DeadLetterService.class).importOrphans();
        assertEquals("FAILED", query("SELECT outcome FROM ingest_run WHERE run_id = ?", r.runId()).get(0).get("outcome"));
        assertEquals(1, count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL"));
        assertFalse(Files.exists(deadLetters.resolve("runs").resolve(r.runId() + ".json")), "applied, then removed");
        List<DeadLetterReplay.Outcome> replayed = context.getRegistry()
            .lookupByNameAndType("deadLetterReplay", DeadLetterReplay.class).replay(null);
        assertTrue(replayed.get(0).replayed(), replayed.toString());
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
    }

    private static long pageCount(Statement s) throws Exception {
        try (var rs = s.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
