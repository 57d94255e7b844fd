package io.marketintel.source.etf;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three ETF flow sources end to end on the real YAML routes: Farside pages (real 2026 markup, an ETH table with
 * 4 header rows) from WireMock, SoSoValue in both data shapes, the Cloudflare refusal, precedence between sources,
 * and the CSV drop folder driven by the real file consumer.
 */
class EtfRouteTest extends RouteTestSupport {

    static final String BTC_PAGE = fixture("farside_btc_trimmed_portafolio_crypto.html");
    static final String ETH_PAGE = FarsideMarkup.table(List.of("ETHA", "FETH", "ETHW", "TETH", "ETHV", "QETH", "EZET", "ETHE", "ETH"), 4,
        List.of(FarsideParserTest.row("21 Jul 2026", "ETHA", "1,119.9", "FETH", "(20.0)", "ETHW", "0.0", "TETH", "-",
                "ETHV", "0.0", "QETH", "0.0", "EZET", "0.0", "ETHE", "(8.0)", "ETH", "1.2", "Total", "1,093.1"),
            FarsideParserTest.row("22 Jul 2026", "ETHA", "-", "FETH", "-", "ETHW", "-", "TETH", "-", "ETHV", "-",
                "QETH", "-", "EZET", "-", "ETHE", "-", "ETH", "-", "Total", "0.0")), "22 Jul 2026");
    static final String CHALLENGE = "<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
        + "<body><div id=\"challenge-running\">Checking your browser</div></body></html>";
    static final String HINT = "Farside refused the request; use the SoSoValue source or drop CSV files into";

    @Override
    protected java.util.Map<String, String> apiKeys() {
        return java.util.Map.of(io.marketintel.config.ApiKeys.SOSOVALUE, "test-key-123");
    }

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("etf.inbox.poll-delay-ms", "200");
        return p;
    }

    static void page(String path, int status, String contentType, String body) {
        API.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", contentType).withBody(body)));
    }

    static void soso(String endpoint, String type, String body) {
        API.stubFor(post(urlPathEqualTo("/openapi/v2/etf/" + endpoint))
            .withRequestBody(equalToJson("{\"type\":\"" + type + "\"}"))
            .withHeader("x-soso-api-key", equalTo("test-key-123"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void should_store_every_fund_and_day_of_the_btc_and_eth_pages_in_exact_dollars() throws Exception {
        page("/btc/", 200, "text/html; charset=UTF-8", BTC_PAGE);
        page("/eth/", 200, "text/html; charset=UTF-8", ETH_PAGE);

        RunResult r = run("etf-farside");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        assertEquals(156 + 8, r.rows());
        assertEquals(156, count("SELECT COUNT(*) FROM etf_flows_daily WHERE asset = 'BTC' AND source = 'farside'"));
        assertEquals(8, count("SELECT COUNT(*) FROM etf_flows_daily WHERE asset = 'ETH'"));
        assertEquals(0, count("SELECT COUNT(*) FROM etf_flows_daily WHERE as_of_date IN ('2026-07-23', '2026-07-22') AND asset = 'ETH'"),
            "provisional rows are not stored");
        assertEquals(new BigDecimal("-44500000"), usd("2026-07-06", "GBTC"));
        assertEquals(new BigDecimal("1119900000"), usd("2026-07-21", "ETHA"));
        // per-day sums equal Farside's Total column (in US$ millions)
        assertEquals(0, new BigDecimal("-424700000").compareTo(daySum("2026-07-13", "BTC")));
        assertEquals(0, new BigDecimal("1093100000").compareTo(daySum("2026-07-21", "ETH")));
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        API.verify(1, getRequestedFor(urlPathEqualTo("/btc/")));
        // the day's CSV backup of the table
        try (var files = Files.list(dir.resolve("backups"))) {
            Path csv = files.filter(f -> f.getFileName().toString().matches("etf_flows_daily_\\d{8}\\.csv")).findFirst().orElseThrow();
            List<String> lines = Files.readAllLines(csv);
            assertEquals("as_of_date,ticker,asset,net_flow_usd,source", lines.get(0));
            assertEquals(1 + 164, lines.size());
        }
        // a second run changes nothing
        String before = dump();
        assertEquals(RunResult.Outcome.SUCCESS, run("etf-farside").outcome());
        assertEquals(before, dump());
    }

    @Test
    void should_warn_naming_the_page_when_a_page_holds_no_day_to_store() throws Exception {
        page("/btc/", 200, "text/html; charset=UTF-8", BTC_PAGE);
        // only the provisional (highlighted) current day: nothing to store yet
        page("/eth/", 200, "text/html; charset=UTF-8", FarsideMarkup.table(List.of("ETHA", "FETH"), 4,
            List.of(FarsideParserTest.row("22 Jul 2026", "ETHA", "-", "FETH", "-", "Total", "0.0")), "22 Jul 2026"));

        RunResult r = run("etf-farside");

        assertEquals(List.of("etf-farside Farside ETH page /eth/: the response held no records; nothing stored, nothing "
            + "removed"), r.warnings());
        assertEquals(156, r.rows());
    }

    @Test
    void should_dead_letter_a_cloudflare_challenge_with_the_advice_and_still_store_eth() throws Exception {
        page("/btc/", 403, "text/html; charset=UTF-8", CHALLENGE);
        page("/eth/", 200, "text/html", ETH_PAGE);

        RunResult r = run("etf-farside");

        assertEquals(RunResult.Outcome.PARTIAL, r.outcome());
        API.verify(4, getRequestedFor(urlPathEqualTo("/btc/")));   // a challenge page is retried, then given up
        assertEquals(8, count("SELECT COUNT(*) FROM etf_flows_daily WHERE asset = 'ETH'"));
        assertEquals(0, count("SELECT COUNT(*) FROM etf_flows_daily WHERE asset = 'BTC'"));
        List<Map<String, Object>> dl = query("SELECT * FROM dead_letter");
        assertEquals(1, dl.size());
        String error = (String) dl.get(0).get("error");
        assertTrue(error.contains(HINT + " " + dir.resolve("inbox")), error);
        assertTrue(error.contains("HTTP 403"), error);
        assertEquals(403, ((Number) dl.get(0).get("http_status")).intValue());
        assertEquals(CHALLENGE, dl.get(0).get("original_payload"));
        assertEquals("etf-farside", dl.get(0).get("source"));
        assertTrue(r.error().contains(HINT), r.error());
    }

    @Test
    void should_dead_letter_an_html_429_with_the_advice() throws Exception {
        page("/btc/", 429, "text/html", "<html><body>Too Many Requests</body></html>");
        page("/eth/", 429, "text/html", "<html><body>Too Many Requests</body></html>");

        RunResult r = run("etf-farside");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        assertEquals(2, count("SELECT COUNT(*) FROM dead_letter WHERE error LIKE ?", "%" + HINT + "%"));
    }

    @Test
    void should_store_sosovalue_funds_and_daily_totals_in_both_data_shapes_with_the_key_as_header() throws Exception {
        soso("currentEtfDataMetrics", "us-btc-spot", SoSoValueMapperTest.metrics("2026-07-22", "38912345.0", "21500000.0"));
        soso("currentEtfDataMetrics", "us-eth-spot", """
            {"code":0,"msg":null,"data":[{"ticker":"ETHA","dailyNetInflow":{"value":1119900000.0,"lastUpdateDate":"2026-07-21"}}]}""");
        soso("historicalInflowChart", "us-btc-spot", SoSoValueMapperTest.HISTORY_DOC);
        soso("historicalInflowChart", "us-eth-spot", """
            {"code":0,"msg":null,"data":[{"date":"2026-07-21","totalNetInflow":1093100000.0,"totalValueTraded":1.0,
              "totalNetAssets":9000000000.0,"cumNetInflow":13000000000.5}]}""");

        RunResult r = run("etf-sosovalue");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        assertEquals(3, count("SELECT COUNT(*) FROM etf_flows_daily WHERE source = 'sosovalue'"));
        assertEquals(new BigDecimal("38912345"), usd("2026-07-22", "IBIT"));
        assertEquals(3, count("SELECT COUNT(*) FROM etf_flows_total_daily"));
        Map<String, Object> t = query("SELECT * FROM etf_flows_total_daily WHERE as_of_date = '2024-04-12'").get(0);
        assertEquals("BTC", t.get("asset"));
        assertEquals(0, new BigDecimal("-55066297").compareTo(new BigDecimal(t.get("total_net_inflow_usd").toString())));
        assertEquals(0, new BigDecimal("13534833596.095").compareTo(new BigDecimal(t.get("cum_net_inflow_usd").toString())));
        API.verify(2, postRequestedFor(urlPathEqualTo("/openapi/v2/etf/currentEtfDataMetrics"))
            .withHeader("x-soso-api-key", equalTo("test-key-123")));
        API.verify(2, postRequestedFor(urlPathEqualTo("/openapi/v2/etf/historicalInflowChart")));
        assertEquals(Map.of("etf_flows_daily", 3, "etf_flows_total_daily", 3), r.rowsByTable());
    }

    @Test
    void should_dead_letter_a_sosovalue_refusal_with_its_msg_and_never_the_key() throws Exception {
        String refusal = "{\"code\":1,\"msg\":\"api key invalid or expired\",\"data\":null}";
        for (String e : List.of("currentEtfDataMetrics", "historicalInflowChart")) {
            for (String type : List.of("us-btc-spot", "us-eth-spot")) {
                soso(e, type, refusal);
            }
        }

        RunResult r = run("etf-sosovalue");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        API.verify(2, postRequestedFor(urlPathEqualTo("/openapi/v2/etf/historicalInflowChart")));   // not retried
        assertEquals(4, count("SELECT COUNT(*) FROM dead_letter WHERE error LIKE '%api key invalid or expired%'"));
        assertEquals(0, count("SELECT COUNT(*) FROM dead_letter WHERE error LIKE '%test-key-123%' "
            + "OR original_payload LIKE '%test-key-123%' OR endpoint LIKE '%test-key-123%'"));
        try (var files = Files.list(dir.resolve("deadletter"))) {
            for (Path f : files.toList()) {
                assertFalse(Files.readString(f).contains("test-key-123"), f.toString());
            }
        }
    }

    @Test
    void should_keep_the_higher_precedence_source_and_report_the_disagreement() throws Exception {
        page("/btc/", 200, "text/html", BTC_PAGE);
        page("/eth/", 200, "text/html", ETH_PAGE);
        soso("currentEtfDataMetrics", "us-btc-spot", SoSoValueMapperTest.metrics("2026-07-22", "38912345.0", "21500000.0"));
        soso("currentEtfDataMetrics", "us-eth-spot", "{\"code\":0,\"data\":[]}");
        soso("historicalInflowChart", "us-btc-spot", "{\"code\":0,\"data\":{\"list\":[]}}");
        soso("historicalInflowChart", "us-eth-spot", "{\"code\":0,\"data\":[]}");
        run("etf-farside");
        assertEquals(new BigDecimal("38800000"), usd("2026-07-22", "IBIT"));

        RunResult soso = run("etf-sosovalue");

        // default etf.precedence=csv,sosovalue,farside: SoSoValue's exact dollars replace Farside's rounded figure
        assertEquals(new BigDecimal("38912345"), usd("2026-07-22", "IBIT"));
        assertEquals("sosovalue", query("SELECT source FROM etf_flows_daily WHERE as_of_date = '2026-07-22' AND ticker = 'IBIT'")
            .get(0).get("source"));
        assertTrue(soso.warnings().stream().anyMatch(w -> w.contains("IBIT 2026-07-22") && w.contains("farside says 38800000")),
            soso.warnings().toString());
        // FBTC agrees within rounding (21.5 M$ both): no disagreement reported
        assertTrue(soso.warnings().stream().noneMatch(w -> w.contains("FBTC")), soso.warnings().toString());

        RunResult again = run("etf-farside");
        assertEquals(new BigDecimal("38912345"), usd("2026-07-22", "IBIT"), "Farside does not override SoSoValue");
        // nothing changed on Farside's page, and the two funds SoSoValue owns are not Farside's to rewrite
        assertEquals(0, again.rows(), "nothing rewritten");
    }

    @Test
    void should_store_a_dropped_file_and_move_it_to_done_and_the_same_file_twice_changes_nothing() throws Exception {
        Path inbox = dir.resolve("inbox");
        String csv = "as_of_date,ticker,net_flow_usd,asset\n2026-07-21,IBIT,163900000,BTC\n2026-07-21,ETHA,-1250000.50,ETH\n";
        Files.writeString(inbox.resolve("flows.csv"), csv);

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve(".done/flows.csv")));

        assertEquals(2, count("SELECT COUNT(*) FROM etf_flows_daily WHERE source = 'csv'"));
        assertEquals(0, new BigDecimal("-1250000.50").compareTo(usd("2026-07-21", "ETHA")));
        Map<String, Object> run = query("SELECT outcome, rows FROM ingest_run WHERE source = 'etf-inbox'").get(0);
        assertEquals("SUCCESS", run.get("outcome"));
        assertEquals(2, ((Number) run.get("rows")).intValue());
        String before = dump();

        Files.writeString(inbox.resolve("flows.csv"), csv);
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM ingest_run WHERE source = 'etf-inbox' "
            + "AND outcome = 'SUCCESS'") == 2 && !Files.exists(inbox.resolve("flows.csv")));

        assertEquals(before, dump(), "the same file again is idempotent");
        assertTrue(Files.exists(inbox.resolve(".done/flows.csv")));
        assertFalse(Files.exists(inbox.resolve(".error/flows.csv")));
    }

    @Test
    void should_apply_nothing_of_a_file_with_one_bad_line_and_write_the_error_file() throws Exception {
        Path inbox = dir.resolve("inbox");
        Files.writeString(inbox.resolve("bad.csv"), "as_of_date,ticker,net_flow_usd,asset\n2026-07-21,IBIT,163900000,BTC\n"
            + "2026-07-21,../../x,5,BTC\n2026-07-21,FBTC,23100000,BTC\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve(".error/bad.csv")));

        assertEquals(0, count("SELECT COUNT(*) FROM etf_flows_daily"), "nothing applied");
        List<String> report = Files.readAllLines(inbox.resolve(".error/bad.csv.error.txt"));
        assertEquals(1, report.size(), report.toString());
        assertTrue(report.get(0).startsWith("line 3: bad ticker '../../x'"), report.toString());
        assertFalse(Files.exists(inbox.resolve(".done/bad.csv")));
        assertEquals("FAILED", query("SELECT outcome FROM ingest_run WHERE source = 'etf-inbox'").get(0).get("outcome"));
        Map<String, Object> dl = query("SELECT * FROM dead_letter").get(0);
        assertTrue(((String) dl.get("error")).contains("line 3"), (String) dl.get("error"));
        assertTrue(((String) dl.get("original_payload")).contains("../../x"));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().equals("x")), "nothing written outside the inbox");
        }
    }

    private BigDecimal usd(String day, String ticker) throws Exception {
        List<Map<String, Object>> r = query("SELECT net_flow_usd FROM etf_flows_daily WHERE as_of_date = ? AND ticker = ?", day, ticker);
        assertEquals(1, r.size(), ticker + " on " + day);
        return new BigDecimal(r.get(0).get("net_flow_usd").toString()).stripTrailingZeros().setScale(
            Math.max(0, new BigDecimal(r.get(0).get("net_flow_usd").toString()).stripTrailingZeros().scale()));
    }

    private BigDecimal daySum(String day, String asset) throws Exception {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map<String, Object> r : query("SELECT net_flow_usd FROM etf_flows_daily WHERE as_of_date = ? AND asset = ?", day, asset)) {
            sum = sum.add(new BigDecimal(r.get("net_flow_usd").toString()));
        }
        return sum;
    }

    private String dump() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> row : query("SELECT as_of_date, ticker, asset, net_flow_usd, source FROM etf_flows_daily ORDER BY as_of_date, ticker")) {
            sb.append(row).append('\n');
        }
        return sb.toString();
    }
}
