package io.marketintel.store;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import io.marketintel.deadletter.DeadLetterReplay;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.cli.Reports;
import io.marketintel.pipeline.RunResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same migrations, repositories, routes and report SQL on a real PostgreSQL (14, embedded, started here):
 * "SQL that also runs on PostgreSQL" checked, not assumed.
 */
class PostgresPortabilityTest extends RouteTestSupport {

    static EmbeddedPostgres pg;

    @Override
    protected Properties extraProperties() {
        try {
            if (pg == null) {
                pg = EmbeddedPostgres.builder().start();
            }
            // a fresh schema per test: drop what the previous test created
            try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("DROP SCHEMA public CASCADE");
                s.execute("CREATE SCHEMA public");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Properties p = new Properties();
        p.put("db.url", pg.getJdbcUrl("postgres", "postgres"));
        p.put("db.user", "postgres");
        p.put("db.password", "postgres");
        p.put("etf.inbox.enabled", "false");
        p.put("coingecko.enabled", "false");
        return p;
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void should_ingest_snapshot_report_and_replay_on_postgresql() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200)
            .withBody(fixture("alternative_me_fng_limit365_paleaura01.json"))));
        API.stubFor(get(urlPathEqualTo("/btc/")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "text/html; charset=UTF-8").withBody(fixture("farside_btc_trimmed_portafolio_crypto.html"))));
        API.stubFor(get(urlPathEqualTo("/eth/")).willReturn(aResponse().withStatus(500).withBody("down")));

        List<RunResult> results = context.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class).runAll();

        assertTrue(String.valueOf(context.getRegistry().lookupByNameAndType("dataSource", javax.sql.DataSource.class)
            .getConnection().getMetaData().getURL()).startsWith("jdbc:postgresql:"));
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"));
        assertEquals(156, count("SELECT COUNT(*) FROM etf_flows_daily WHERE asset = 'BTC'"));
        Map<String, Object> ibit = query("SELECT net_flow_usd FROM etf_flows_daily WHERE ticker = 'IBIT' ORDER BY as_of_date LIMIT 1").get(0);
        assertTrue(((java.math.BigDecimal) ibit.get("net_flow_usd")).scale() <= 2, "exact dollars: " + ibit);
        assertTrue(results.stream().anyMatch(r -> r.source().equals("snapshot-daily") && r.outcome().ok()), results.toString());
        assertEquals(1, count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL"), "the ETH page");

        // the same report SQL: summary and status
        Reports reports = context.getRegistry().lookupByNameAndType("reports", Reports.class);
        assertTrue(reports.summary(results, 1.0).contains("sentiment_daily: 365"));
        assertTrue(reports.status().contains("Dead letters pending: 1"));

        // replay reads pending dead letters with a null source filter (a typed NULL on PostgreSQL)
        API.stubFor(get(urlPathEqualTo("/eth/")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "text/html; charset=UTF-8").withBody(fixture("farside_btc_trimmed_portafolio_crypto.html")
                .replace("IBIT", "ETHA"))));
        List<DeadLetterReplay.Outcome> replayed = context.getRegistry()
            .lookupByNameAndType("deadLetterReplay", DeadLetterReplay.class).replay(null);
        assertEquals(1, replayed.size());
        assertTrue(replayed.get(0).replayed(), replayed.toString());
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL"));

        // idempotent upserts on PostgreSQL too
        long before = count("SELECT COUNT(*) FROM sentiment_daily");
        String ingested = String.valueOf(query("SELECT MAX(ingested_at) AS t FROM sentiment_daily").get(0).get("t"));
        RunResult again = run("fear-greed");
        assertEquals(before, count("SELECT COUNT(*) FROM sentiment_daily"));
        assertEquals(0, again.rows(), "an unchanged day is not rewritten");
        assertEquals(ingested, String.valueOf(query("SELECT MAX(ingested_at) AS t FROM sentiment_daily").get(0).get("t")));
    }
}
