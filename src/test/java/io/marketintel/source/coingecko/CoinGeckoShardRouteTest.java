package io.marketintel.source.coingecko;

import java.time.Instant;
import java.util.List;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * coingecko.shards = 2 on one node: the source's own trigger is part 1 (bitcoin), a second trigger runs part 2
 * (ethereum), each its own Quartz job; a part run calls and stores only its assets and its run record names the part.
 * A run of the whole source (--once, catch-up on a single node) still takes every asset.
 */
class CoinGeckoShardRouteTest extends RouteTestSupport {

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("coingecko.base-url", API.baseUrl());
        p.put("coingecko.rate-limit-delay-seconds", "0");
        p.put("coingecko.shards", "2");
        return p;
    }

    @Test
    void should_run_each_part_on_its_own_trigger_with_only_its_assets() throws Exception {
        CoinGeckoPayloads.awayFromHalfHourBoundary();
        Instant now = Instant.now();
        API.stubFor(get(urlPathMatching("/coins/[a-z]+/market_chart")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody(CoinGeckoPayloads.marketChart(now, 14, 50_000))));
        API.stubFor(get(urlPathMatching("/coins/[a-z]+/ohlc")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(CoinGeckoPayloads.ohlc30(CoinGeckoPayloads.halfHourCloses(now), 60_000))));

        // part 1 is the source's own job; part 2 a second one (pipeline/ShardRoutes)
        assertNotNull(context.getRoute("coingecko-ohlc-schedule"));
        assertNotNull(context.getRoute("coingecko-ohlc-schedule-part2"));
        assertEquals("quartz://market-intel/coingecko-ohlc-part2",
            context.getRoute("coingecko-ohlc-schedule-part2").getEndpoint().getEndpointBaseUri());
        assertNull(context.getRoute("coingecko-ohlc-schedule-part3"));

        IngestRunner runner = context.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class);
        RunResult part2 = runner.runScheduled("coingecko-ohlc", 2);
        assertEquals(RunResult.Outcome.SUCCESS, part2.outcome(), String.valueOf(part2.error()));
        assertEquals(0, API.findAll(getRequestedFor(urlPathMatching("/coins/bitcoin/.*"))).size(), "part 2 is ethereum");
        assertEquals(2, API.findAll(getRequestedFor(urlPathMatching("/coins/ethereum/.*"))).size(),
            "ethereum's backfill and forward call");
        assertEquals(List.of("ETH"), query("SELECT DISTINCT asset FROM ohlc_hourly").stream()
            .map(r -> (String) r.get("asset")).toList());
        assertEquals("2/2", query("SELECT part FROM ingest_run WHERE run_id = ?", part2.runId()).get(0).get("part"));

        RunResult part1 = runner.runScheduled("coingecko-ohlc", 1);
        assertEquals(RunResult.Outcome.SUCCESS, part1.outcome(), String.valueOf(part1.error()));
        assertEquals(2, API.findAll(getRequestedFor(urlPathMatching("/coins/bitcoin/.*"))).size());
        assertEquals("1/2", query("SELECT part FROM ingest_run WHERE run_id = ?", part1.runId()).get(0).get("part"));

        // --status: the newest run is part 1's, and says so
        String status = context.getRegistry().lookupByNameAndType("reports", io.marketintel.cli.Reports.class).status();
        assertTrue(java.util.regex.Pattern.compile("\n  coingecko-ohlc +SUCCESS +started .*, part 1/2 of its work\n")
            .matcher(status).find(), status);

        // the whole source: both assets (forward calls only now: the window is full), no part
        RunResult whole = run("coingecko-ohlc");
        assertEquals(RunResult.Outcome.SUCCESS, whole.outcome(), String.valueOf(whole.error()));
        assertEquals(2, API.findAll(getRequestedFor(urlPathEqualTo("/coins/bitcoin/ohlc"))).size());
        assertEquals(2, API.findAll(getRequestedFor(urlPathEqualTo("/coins/ethereum/ohlc"))).size());
        assertNull(query("SELECT part FROM ingest_run WHERE run_id = ?", whole.runId()).get(0).get("part"));
    }
}
