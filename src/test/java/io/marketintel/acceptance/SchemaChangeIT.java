package io.marketintel.acceptance;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An API that changed its shape (a field renamed in every record) gives one dead letter for the payload that says so,
 * not one per record; records that fail on their own values are still dead-lettered one by one, and the summary
 * counts them right.
 */
class SchemaChangeIT {

    @Test
    void should_dead_letter_a_changed_payload_once_and_count_record_failures_right() throws Exception {
        try (UserInstall u = new UserInstall()) {
            u.env("SOSOVALUE_API_KEY", "test-soso-key");
            long day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay() * 86_400;
            // Fear & Greed renamed value -> val; CoinGecko /ohlc added a sixth number to every candle;
            // SoSoValue wrote total_net_inflow instead of totalNetInflow
            u.apis.answer("/fng/", r -> FakeApis.Reply.json(200, fng(day, "val", 0)));
            String candles = candles();
            u.apis.answer("/api/v3/coins/bitcoin/ohlc", r -> FakeApis.Reply.json(200, candles));
            u.apis.answer("/api/v3/coins/ethereum/ohlc", r -> FakeApis.Reply.json(200, candles));
            u.apis.answer("/sosovalue/openapi/v2/etf/currentEtfDataMetrics",
                r -> FakeApis.Reply.json(200, "{\"code\":0,\"data\":{\"list\":[]}}"));
            StringBuilder history = new StringBuilder("{\"code\":0,\"data\":{\"list\":[");
            for (int i = 0; i < 20; i++) {
                history.append(i == 0 ? "" : ",").append("{\"date\":\"2026-01-").append(String.format("%02d", i + 1))
                    .append("\",\"total_net_inflow\":1000000.0}");
            }
            String historyBody = history.append("]}}").toString();
            u.apis.answer("/sosovalue/openapi/v2/etf/historicalInflowChart", r -> FakeApis.Reply.json(200, historyBody));

            UserInstall.Result r = u.run(120, "--once");

            assertEquals(1, r.exit(), r.console());
            List<String> fng = u.strings("SELECT error FROM dead_letter WHERE source = 'fear-greed'");
            assertEquals(1, fng.size(), r.console());
            assertTrue(fng.get(0).contains("the API's shape changed: missing required field 'value' in 30 of 30 records"),
                fng.get(0));
            List<String> ohlc = u.strings("SELECT error FROM dead_letter WHERE source = 'coingecko-ohlc'");
            assertEquals(2, ohlc.size(), "one per /ohlc payload (BTC, ETH):\n" + String.join("\n", ohlc));
            assertTrue(ohlc.get(0).contains("the API's shape changed") && ohlc.get(0).contains("in 48 of 48 records"),
                ohlc.get(0));
            // the metrics endpoint answers an empty list here: one dead letter per asset for that, never a SUCCESS
            List<String> metrics = u.strings("SELECT error FROM dead_letter WHERE source = 'etf-sosovalue'"
                + " AND error LIKE '%currentEtfDataMetrics%'");
            assertEquals(2, metrics.size(), String.join("\n", metrics));
            assertTrue(metrics.get(0).contains("empty list"), metrics.get(0));
            List<String> soso = u.strings("SELECT error FROM dead_letter WHERE source = 'etf-sosovalue'"
                + " AND error NOT LIKE '%currentEtfDataMetrics%'");
            assertEquals(2, soso.size(), "one per history payload (BTC, ETH):\n" + String.join("\n", soso));
            assertTrue(soso.get(0).contains("missing totalNetInflow in 20 of 20 records"), soso.get(0));
            assertTrue(r.stdout().contains("coingecko-ohlc: PARTIAL") && r.stdout().contains("(+1 more)"), r.stdout());

            // thirty records each failing on its own value: thirty dead letters, and the summary says 29 more
            u.apis.answer("/fng/", r2 -> FakeApis.Reply.json(200, fng(day, "value", 101)));
            UserInstall.Result values = u.run(120, "--once");
            assertEquals(31, u.count("SELECT COUNT(*) FROM dead_letter WHERE source = 'fear-greed'"), values.console());
            assertTrue(values.stdout().contains("(+29 more)"), values.stdout());
        }
    }

    /** 30 days of Fear & Greed, the value under {@code field}; from {@code base} on each value differs. */
    static String fng(long today, String field, int base) {
        StringBuilder sb = new StringBuilder("{\"name\":\"Fear and Greed Index\",\"data\":[");
        for (int i = 0; i < 30; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"").append(field).append("\":\"").append(base == 0 ? 50 : base + i)
                .append("\",\"value_classification\":\"Neutral\",\"timestamp\":\"").append(today - i * 86_400L).append("\"}");
        }
        return sb.append("],\"metadata\":{\"error\":null}}").toString();
    }

    /** 48 half-hour candles of the last day, each with a sixth number the API added. */
    static String candles() {
        long end = System.currentTimeMillis() / 1_800_000 * 1_800_000;
        StringBuilder sb = new StringBuilder("[");
        for (int i = 47; i >= 0; i--) {
            sb.append(i == 47 ? "" : ",").append("[").append(end - i * 1_800_000L).append(",100.0,101.0,99.0,100.5,12345.0]");
        }
        return sb.append("]").toString();
    }
}
