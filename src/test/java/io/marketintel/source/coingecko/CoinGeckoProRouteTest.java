package io.marketintel.source.coingecko;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paid-plan path: {@code /ohlc/range?interval=hourly} on {@code coingecko.pro-base-url} with the Pro key header,
 * a 40-day window paged in ranges of at most 31 days, the throttle across assets, and the wrong-host error.
 */
class CoinGeckoProRouteTest extends RouteTestSupport {

    static final String KEY = "CG-ProKey0a1b2c3d4e5f";
    static final long THROTTLE_MS = 400;

    @Override
    protected java.util.Map<String, String> apiKeys() {
        return java.util.Map.of(io.marketintel.config.ApiKeys.COINGECKO, KEY);
    }

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        // the free host must not be used on the pro plan: nothing listens there
        p.put("coingecko.base-url", "http://127.0.0.1:9");
        p.put("coingecko.pro-base-url", API.baseUrl());
        p.put("coingecko.plan", "pro");
        p.put("coingecko.window-days", "40");
        p.put("coingecko.rate-limit-delay-seconds", "0.4");
        return p;
    }

    Instant now;

    @BeforeEach
    void payloadsForNow() {
        CoinGeckoPayloads.awayFromHalfHourBoundary();
        now = Instant.now();
    }

    @Test
    void should_page_a_40_day_window_in_31_day_ranges_with_the_pro_key_at_most_one_call_per_period() throws Exception {
        Instant windowStart = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(40 * 24 - 1));
        API.stubFor(get(urlPathMatching("/coins/[a-z]+/ohlc/range")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(CoinGeckoPayloads.hourlyCandles(windowStart, now, 1000))));

        RunResult r = run("coingecko-ohlc");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        List<LoggedRequest> btc = API.findAll(getRequestedFor(urlPathEqualTo("/coins/bitcoin/ohlc/range")));
        assertEquals(2, btc.size(), "40 days = a 31-day page and a 9-day page");
        long to2 = Long.parseLong(btc.get(1).queryParameter("to").firstValue());
        long nowSec = to2;                        // the second page ends at the run's "now"
        long expectedStart = Instant.ofEpochSecond(nowSec).truncatedTo(ChronoUnit.HOURS)
            .minus(Duration.ofHours(40 * 24 - 1)).getEpochSecond();
        assertEquals(expectedStart, Long.parseLong(btc.get(0).queryParameter("from").firstValue()));
        assertEquals(expectedStart + 31 * 86_400, Long.parseLong(btc.get(0).queryParameter("to").firstValue()));
        assertEquals(expectedStart + 31 * 86_400, Long.parseLong(btc.get(1).queryParameter("from").firstValue()));
        assertTrue(Math.abs(nowSec - now.getEpochSecond()) < 60, "the second page ends now");
        for (LoggedRequest q : btc) {
            assertEquals("usd", q.queryParameter("vs_currency").firstValue());
            assertEquals("hourly", q.queryParameter("interval").firstValue());
            assertEquals(KEY, q.getHeader("x-cg-pro-api-key"));
            assertFalse(q.containsHeader("x-cg-demo-api-key"));
            assertFalse(q.getUrl().contains(KEY));
        }
        // every hour of the window as a true candle; the one in progress provisional
        assertEquals(40 * 24 - 1, count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'ohlc'"));
        assertEquals(1, count("SELECT COUNT(*) FROM ohlc_hourly WHERE asset = 'BTC' AND quality = 'provisional' AND ts_utc = ?",
            now.truncatedTo(ChronoUnit.HOURS).toString()));
        Map<String, Object> first = query("SELECT MIN(ts_utc) AS lo FROM ohlc_hourly WHERE asset = 'ETH'").get(0);
        assertEquals(windowStart.toString(), first.get("lo"));

        // one permit per period across both assets and all pages
        List<LoggedRequest> all = API.findAll(getRequestedFor(urlPathMatching("/coins/.*")));
        all.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        assertEquals(4, all.size());
        // the throttle spaces the permits; the server sees each call a little after its permit (connection set-up
        // varies under load), so check the span of all calls and allow jitter on single gaps
        long span = all.get(all.size() - 1).getLoggedDate().getTime() - all.get(0).getLoggedDate().getTime();
        assertTrue(span >= (all.size() - 1) * THROTTLE_MS - THROTTLE_MS / 2, "4 calls within " + span + " ms");
        for (int i = 1; i < all.size(); i++) {
            long gap = all.get(i).getLoggedDate().getTime() - all.get(i - 1).getLoggedDate().getTime();
            assertTrue(gap >= THROTTLE_MS / 2, "calls " + (i - 1) + " and " + i + " only " + gap + " ms apart");
        }

        // the next run finds the window complete: one page over the last day only
        API.resetRequests();
        run("coingecko-ohlc");
        List<LoggedRequest> forward = API.findAll(getRequestedFor(urlPathEqualTo("/coins/bitcoin/ohlc/range")));
        assertEquals(1, forward.size());
        long from = Long.parseLong(forward.get(0).queryParameter("from").firstValue());
        long to = Long.parseLong(forward.get(0).queryParameter("to").firstValue());
        assertEquals(25 * 3600, Instant.ofEpochSecond(to).truncatedTo(ChronoUnit.HOURS).getEpochSecond() + 3600 - from,
            "the last 24 hours and the one before");
    }

    @Test
    void should_name_coingecko_plan_when_the_host_refuses_the_key() throws Exception {
        API.stubFor(get(urlPathMatching("/coins/[a-z]+/ohlc/range")).willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"status\":{\"error_code\":10011,\"error_message\":\"wrong key type for this host\"}}")));

        RunResult r = run("coingecko-ohlc");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        List<Map<String, Object>> dl = query("SELECT error, http_status, original_payload FROM dead_letter ORDER BY error");
        assertEquals(2, dl.size(), "one per asset");
        for (Map<String, Object> d : dl) {
            String error = (String) d.get("error");
            assertTrue(error.contains("coingecko.plan") && error.contains("10011"), error);
            assertFalse(error.contains(KEY));
            assertEquals(400, ((Number) d.get("http_status")).intValue());
        }
        assertTrue(((String) dl.get(0).get("error")).contains("BTC (bitcoin)"), (String) dl.get(0).get("error"));
        // a 400 does not change on retry, and the asset's other page is not tried
        API.verify(1, getRequestedFor(urlPathEqualTo("/coins/bitcoin/ohlc/range")).withHeader("x-cg-pro-api-key", equalTo(KEY)));
        assertEquals(0, count("SELECT COUNT(*) FROM ohlc_hourly"));
    }
}
