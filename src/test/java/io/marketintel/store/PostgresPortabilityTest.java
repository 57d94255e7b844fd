package io.marketintel.store;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import io.marketintel.api.Answer;
import io.marketintel.api.Endpoint;
import io.marketintel.api.MarketApi;
import io.marketintel.monitor.SourceMonitor;
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

    @Test
    void should_answer_the_rest_api_queries_on_postgresql() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200)
            .withBody(fixture("alternative_me_fng_limit365_paleaura01.json"))));
        API.stubFor(get(urlPathEqualTo("/btc/")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "text/html; charset=UTF-8").withBody(fixture("farside_btc_trimmed_portafolio_crypto.html"))));
        API.stubFor(get(urlPathEqualTo("/eth/")).willReturn(aResponse().withStatus(500).withBody("down")));
        context.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class).runAll();
        // 60 hours of candles, close 100..159, from 2026-01-01T00:00Z (two of them at 23:00: daily closes)
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 60; i++) {
            Jdbc.update(ds(), "INSERT INTO ohlc_hourly (asset, ts_utc, open, high, low, close, session, ingested_at, quality,"
                + " source) VALUES ('BTC', ?, ?, ?, ?, ?, 'US', '2026-01-03T12:00:00Z', ?, 'coingecko')",
                t0.plusSeconds(3600L * i).toString(), 100.0 + i, 100.0 + i, 100.0 + i, 100.0 + i, i < 30 ? "sampled" : "ohlc");
        }
        MarketApi api = new MarketApi(ds(), () -> context.getRegistry().lookupByNameAndType("sourceMonitor",
            SourceMonitor.class), java.time.Clock.fixed(java.time.Instant.parse("2026-01-03T12:00:00Z"), java.time.ZoneOffset.UTC));

        assertEquals(60, api.answer(Endpoint.CANDLES, "asset=BTC&from=2026-01-01&to=2026-01-03").rows().size());
        assertEquals(30, api.answer(Endpoint.CANDLES, "asset=BTC&from=2026-01-01&to=2026-01-03&quality=ohlc").rows().size());
        Answer ind = api.answer(Endpoint.INDICATORS, "asset=BTC&interval=1h&from=2026-01-01&to=2026-01-03T11:00:00Z");
        Map<String, Object> last = ind.rows().get(ind.rows().size() - 1);
        assertEquals("2026-01-03T11:00:00Z", last.get("time"));
        assertEquals(149.5, (Double) last.get("sma_20"), 1e-9, "mean of 140..159");
        assertEquals(30, ind.meta().get("sampled_closes"));
        Answer strict = api.answer(Endpoint.INDICATORS, "asset=BTC&interval=1h&sampled=exclude&from=2026-01-01&to=2026-01-03T11:00:00Z");
        assertEquals(null, strict.rows().get(10).get("close"), "a sampled hour excluded is a gap");
        assertEquals(148.0, strict.rows().get(48).get("close"));
        assertEquals(2, api.answer(Endpoint.INDICATORS, "asset=BTC&interval=1d&from=2026-01-01&to=2026-01-03").meta().get("closes"));
        assertEquals(365, api.answer(Endpoint.SENTIMENT, "from=2024-01-01&to=2025-12-31&limit=10000").rows().size());
        Answer byDay = api.answer(Endpoint.ETF_FLOWS, "asset=BTC&by=day&from=2020-01-01&to=2026-12-31");
        assertEquals(count("SELECT COUNT(DISTINCT as_of_date) FROM etf_flows_daily"), byDay.rows().size());
        assertEquals(0, new java.math.BigDecimal(String.valueOf(byDay.rows().get(byDay.rows().size() - 1).get("cum_net_flow_usd")))
            .compareTo(new java.math.BigDecimal(String.valueOf(query("SELECT SUM(net_flow_usd) AS s FROM etf_flows_daily")
                .get(0).get("s")))), "the running sum ends at the total");
        assertEquals(156, api.answer(Endpoint.ETF_FLOWS, "by=fund&from=2020-01-01&to=2026-12-31").rows().size());
        assertTrue(api.answer(Endpoint.SNAPSHOT, "from=2020-01-01&to=2026-12-31").rows().size() >= 0);
        assertEquals(1, api.answer(Endpoint.DEAD_LETTERS, null).rows().size(), "the ETH page");
        assertEquals(1, api.answer(Endpoint.DEAD_LETTERS, "source=etf-farside&state=all").rows().size());
        assertEquals(0, api.answer(Endpoint.DEAD_LETTERS, "state=replayed").rows().size());
        assertEquals(context.getRegistry().findSingleByType(io.marketintel.pipeline.Sources.class).jobs().size(), api.answer(Endpoint.SOURCES, null).rows().size());
    }
}
