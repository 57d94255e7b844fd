package io.marketintel.source.etf;

import java.math.BigDecimal;
import java.time.LocalDate;

import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.Mapped;
import io.marketintel.pipeline.PayloadException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SoSoValue v2 payloads: the doc sample, both shapes of {@code data}, and the API's refusals. */
class SoSoValueMapperTest {

    static final String HISTORY_DOC = RouteTestSupport.fixture("sosovalue_historicalInflowChart_docs_example.json");

    /** The documented currentEtfDataMetrics shape (API_NOTES 3.1): aggregates plus data.list[] per fund. */
    static String metrics(String date, String ibit, String fbtc) {
        return """
            {"code":0,"msg":null,"data":{
              "totalNetAssets":{"value":56216535367.0,"lastUpdateDate":"%1$s"},
              "totalNetAssetsPercentage":{"value":0.0431,"lastUpdateDate":"%1$s"},
              "totalTokenHoldings":{"value":842000.12,"lastUpdateDate":"%1$s"},
              "dailyNetInflow":{"value":-4390000.0,"lastUpdateDate":"%1$s"},
              "cumNetInflow":{"value":12581438056.095,"lastUpdateDate":"%1$s"},
              "dailyTotalValueTraded":{"value":2498627928.0,"lastUpdateDate":"%1$s"},
              "list":[
                {"id":"1","ticker":"IBIT","institute":"BlackRock",
                 "netAssets":{"value":17000000000.0,"lastUpdateDate":"%1$s","status":3},
                 "netAssetsPercentage":{"value":0.0131,"lastUpdateDate":"%1$s","status":3},
                 "dailyNetInflow":{"value":%2$s,"lastUpdateDate":"%1$s","status":3},
                 "cumNetInflow":{"value":15400000000.0,"lastUpdateDate":"%1$s","status":3},
                 "dailyValueTraded":{"value":1200000000.0,"lastUpdateDate":"%1$s","status":3},
                 "fee":{"value":0.0025,"lastUpdateDate":"%1$s","status":3},
                 "discountPremiumRate":{"value":-0.0004,"lastUpdateDate":"%1$s","status":3}},
                {"id":"2","ticker":"FBTC","institute":"Fidelity",
                 "dailyNetInflow":{"value":%3$s,"lastUpdateDate":"%1$s","status":3}},
                {"id":"3","ticker":"GBTC","institute":"Grayscale",
                 "dailyNetInflow":{"value":null,"lastUpdateDate":"%1$s","status":1}}
              ]}}""".formatted(date, ibit, fbtc);
    }

    final SoSoValueMapper mapper = new SoSoValueMapper();

    @Test
    void should_read_each_funds_daily_net_inflow_from_the_documented_list_shape() {
        EtfBatch b = mapper.currentMetrics(metrics("2024-04-18", "-4390000.0", "12345678.9"), "BTC");

        assertEquals(2, b.getRows().size(), "GBTC has no value: no row rather than a zero");
        EtfFlowRow ibit = b.getRows().get(0);
        assertEquals(new EtfFlowRow(LocalDate.parse("2024-04-18"), "IBIT", "BTC", new BigDecimal("-4390000.00"), "sosovalue"), ibit);
        assertEquals(new BigDecimal("12345678.90"), b.getRows().get(1).netFlowUsd());
    }

    @Test
    void should_read_a_bare_data_array() {
        String bare = """
            {"code":0,"msg":null,"data":[
              {"ticker":"ETHA","dailyNetInflow":{"value":25000000,"lastUpdateDate":"2025-08-04"}},
              {"ticker":"ETHE","dailyNetInflow":{"value":"-8000000.5","lastUpdateDate":"2025-08-04"}}]}""";

        EtfBatch b = mapper.currentMetrics(bare, "ETH");

        assertEquals(2, b.getRows().size());
        assertEquals(new BigDecimal("-8000000.50"), b.getRows().get(1).netFlowUsd());
        assertTrue(b.getRows().stream().allMatch(r -> r.asset().equals("ETH")));
    }

    @Test
    void should_read_the_historical_inflow_chart_doc_sample_and_its_bare_array_variant() {
        Mapped<EtfTotalRow> m = mapper.history(HISTORY_DOC, "BTC");

        assertEquals(2, m.getRows().size());
        EtfTotalRow first = m.getRows().get(0);
        assertEquals(LocalDate.parse("2024-04-12"), first.asOfDate());
        assertEquals(new BigDecimal("-55066297"), first.totalNetInflowUsd());
        assertEquals(new BigDecimal("56216535367"), first.totalNetAssetsUsd());
        assertEquals(new BigDecimal("13534833596.095"), first.cumNetInflowUsd());

        String bare = HISTORY_DOC.replaceFirst("\"data\"\\s*:\\s*\\{\\s*\"list\"\\s*:", "\"data\":")
            .replaceFirst("\\]\\s*\\}\\s*\\}\\s*$", "]}");
        Mapped<EtfTotalRow> b = mapper.history(bare, "BTC");
        assertEquals(m.getRows(), b.getRows());
    }

    @Test
    void should_fail_with_the_apis_msg_when_code_is_not_zero() {
        PayloadException e = assertThrows(PayloadException.class, () -> mapper.history(
            "{\"code\":1,\"msg\":\"api key invalid\",\"data\":null}", "BTC"));
        assertTrue(e.getMessage().contains("api key invalid") && e.getMessage().contains("code 1"), e.getMessage());
    }

    @Test
    void should_keep_the_apis_whole_msg_and_name_the_key_when_the_key_is_invalid() {
        PayloadException e = assertThrows(PayloadException.class, () -> mapper.currentMetrics(
            "{\"code\":400101,\"msg\":\"API Key is invalid\",\"data\":null}", "ETH"));
        assertTrue(e.getMessage().contains("code 400101, msg 'API Key is invalid'")
            && e.getMessage().contains("set SOSOVALUE_API_KEY"), e.getMessage());

        String longMsg = "The request could not be served because the plan of this account does not include the ETF "
            + "endpoints; upgrade at sosovalue.com";
        PayloadException cut = assertThrows(PayloadException.class, () -> mapper.history(
            "{\"code\":500,\"msg\":\"" + longMsg + "\"}", "BTC"));
        assertTrue(cut.getMessage().contains(longMsg), cut.getMessage());
    }

    @Test
    void should_fail_an_answer_without_data_where_data_is_expected() {
        for (String empty : new String[] {"", "{\"code\":0,\"data\":[]}", "{\"code\":0,\"data\":{\"list\":[]}}"}) {
            PayloadException e = assertThrows(PayloadException.class, () -> mapper.history(empty, "ETH"));
            assertTrue(e.getMessage().startsWith("SoSoValue historicalInflowChart (ETH)"), e.getMessage());
            assertThrows(PayloadException.class, () -> mapper.currentMetrics(empty, "ETH"));
        }
    }

    @Test
    void should_reject_a_fund_whose_ticker_is_not_a_ticker() {
        EtfBatch b = mapper.currentMetrics("""
            {"code":0,"data":{"list":[{"ticker":"../../x","dailyNetInflow":{"value":1.0,"lastUpdateDate":"2024-04-18"}}]}}""",
            "BTC");
        assertTrue(b.getRows().isEmpty());
        assertEquals(1, b.getMapped().getRejects().size());
    }

    @Test
    void should_send_the_documented_request_body_per_asset() {
        assertEquals("{\"type\":\"us-btc-spot\"}", mapper.requestBody("BTC"));
        assertEquals("{\"type\":\"us-eth-spot\"}", mapper.requestBody("ETH"));
        assertNull(SoSoValueMapper.optionalUsd(null, "x"));
    }

    @Test
    void should_call_a_renamed_daily_net_inflow_a_shape_change_not_funds_without_a_figure() {
        String renamed = metrics("2024-04-18", "1.0", "2.0").replace("\"dailyNetInflow\":{\"value\":null", "\"x\":{\"v\":null")
            .replace("\"dailyNetInflow\":{\"value\":", "\"daily_net_inflow\":{\"value\":");

        EtfBatch b = mapper.currentMetrics(renamed, "BTC");

        assertEquals(0, b.getRows().size());
        assertEquals("the API's shape changed: missing dailyNetInflow.value in 3 of 3 records",
            b.getMapped().getShapeChange().message().replaceFirst(" \\(first: .*", ""));
    }
}
