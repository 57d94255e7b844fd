package io.marketintel.cli;

import io.marketintel.pipeline.Source;
import java.util.List;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-source probes of {@code --check}, declared as data ({@code check.<source-id>.*}): key header, required
 * key, HEAD falling back to GET, POST with a body, and the fix each failure names. Sources here are synthetic
 * catalog entries, so the probe logic is proven for the sources other issues add.
 */
class SetupCheckProbeTest extends RouteTestSupport {

    static Source source(String id) {
        return new Source(id, "probe", List.of(), List.of(), false, true, false, false);
    }

    @Override
    protected java.util.Map<String, String> apiKeys() {
        return java.util.Map.of("MI_TEST_PROBE_KEY", "test-key-123");
    }

    @Override
    protected Properties extraProperties() {
        Properties p = new Properties();
        p.put("probe.enabled", "true");
        p.put("probe.base-url", API.baseUrl());
        p.put("check.probe-key.url", "{{probe.base-url}}/ping");
        p.put("check.probe-key.key-header", "x-cg-demo-api-key");
        p.put("check.probe-key.key-env", "MI_TEST_PROBE_KEY");
        p.put("check.probe-nokey.url", "{{probe.base-url}}/metrics");
        p.put("check.probe-nokey.method", "POST");
        p.put("check.probe-nokey.key-header", "x-soso-api-key");
        p.put("check.probe-nokey.key-env", "MI_TEST_KEY_THAT_IS_NOT_SET");
        p.put("check.probe-nokey.key-required", "true");
        p.put("check.probe-head.url", "{{probe.base-url}}/btc/");
        p.put("check.probe-head.method", "HEAD");
        p.put("check.probe-post.url", "{{probe.base-url}}/openapi/v2/etf/currentEtfDataMetrics");
        p.put("check.probe-post.method", "POST");
        p.put("check.probe-post.body", "{\"type\":\"us-btc-spot\"}");
        p.put("check.probe-none.url", "none");
        p.put("check.probe-moved.url", "{{probe.base-url}}/old");
        p.put("check.probe-slow.url", "{{probe.base-url}}/slow");
        // short, so the slow answer below is cut off quickly; the others answer at once
        p.put("http.response-timeout-ms", "1500");
        return p;
    }

    SetupCheck check() {
        return context.getRegistry().lookupByNameAndType("setupCheck", SetupCheck.class);
    }

    @Test
    void should_send_the_key_as_a_header_and_pass_when_the_api_answers() {
        API.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(200).withBody("{\"gecko_says\":\"(V3) To the Moon!\"}")));

        SetupCheck.Item item = check().api(source("probe-key"));

        assertTrue(item.ok(), item.line());
        assertTrue(item.line().startsWith("✅ api probe-key: GET " + API.baseUrl() + "/ping (with x-cg-demo-api-key) → 200"),
            item.line());
        assertFalse(item.line().contains("test-key-123"), "the key is never printed");
        API.verify(1, getRequestedFor(urlEqualTo("/ping")).withHeader("x-cg-demo-api-key", equalTo("test-key-123")));
    }

    @Test
    void should_name_the_key_and_the_base_url_to_fix_when_the_api_refuses() {
        API.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(401).withBody("{\"error\":\"key\"}")));

        SetupCheck.Item refused = check().api(source("probe-key"));
        SetupCheck.Item noKey = check().api(source("probe-nokey"));

        assertFalse(refused.ok());
        assertTrue(refused.line().contains("→ HTTP 401 → fix: the key was refused: check the environment variable MI_TEST_PROBE_KEY"),
            refused.line());
        assertFalse(noKey.ok());
        assertEquals("❌ api probe-nokey: no API key → fix: set the environment variable MI_TEST_KEY_THAT_IS_NOT_SET"
            + " (sent as header x-soso-api-key)", noKey.line());
        API.verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/metrics")));
    }

    @Test
    void should_fall_back_to_get_when_head_is_refused_and_recognise_a_challenge_page() {
        API.stubFor(head(urlEqualTo("/btc/")).willReturn(aResponse().withStatus(405)));
        API.stubFor(get(urlEqualTo("/btc/")).willReturn(aResponse().withStatus(200).withBody("<table class=\"etf\">")));

        SetupCheck.Item ok = check().api(source("probe-head"));

        assertTrue(ok.ok(), ok.line());
        assertTrue(ok.line().contains("GET " + API.baseUrl() + "/btc/ (HEAD refused) → 200"), ok.line());

        API.resetAll();
        API.stubFor(head(urlEqualTo("/btc/")).willReturn(aResponse().withStatus(403)
            .withHeader("Content-Type", "text/html; charset=UTF-8")));

        SetupCheck.Item blocked = check().api(source("probe-head"));

        assertFalse(blocked.ok());
        assertTrue(blocked.line().contains("HTTP 403 → fix: the provider answers with a bot-challenge page"),
            blocked.line());
        assertTrue(blocked.line().contains("probe.enabled=false"), blocked.line());
    }

    @Test
    void should_post_the_declared_body_and_accept_sources_without_an_api() {
        API.stubFor(post(urlPathEqualTo("/openapi/v2/etf/currentEtfDataMetrics"))
            .withRequestBody(equalToJson("{\"type\":\"us-btc-spot\"}"))
            .willReturn(aResponse().withStatus(200).withBody("{\"code\":0}")));

        SetupCheck.Item posted = check().api(source("probe-post"));
        SetupCheck.Item none = check().api(source("probe-none"));
        SetupCheck.Item undeclared = check().api(source("probe-undeclared"));

        assertTrue(posted.ok(), posted.line());
        assertTrue(none.ok() && none.line().contains("calls no API"), none.line());
        assertFalse(undeclared.ok());
        assertTrue(undeclared.line().contains("fix: add check.probe-undeclared.url"), undeclared.line());
    }

    @Test
    void should_follow_a_redirect_and_report_the_answer_at_its_end() {
        API.stubFor(get(urlEqualTo("/old")).willReturn(aResponse().withStatus(302).withHeader("Location", "/ping")));
        API.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(200).withBody("{}")));

        SetupCheck.Item item = check().api(source("probe-moved"));

        assertTrue(item.ok() && item.line().startsWith("✅ api probe-moved: GET " + API.baseUrl() + "/old → 200 in "),
            item.line());
        API.verify(1, getRequestedFor(urlEqualTo("/ping")));
    }

    @Test
    void should_name_the_response_timeout_when_the_api_answers_too_late_and_the_wait_when_rate_limited() {
        API.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(4000)));
        API.stubFor(get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "119")));

        long t0 = System.nanoTime();
        SetupCheck.Item slow = check().api(source("probe-slow"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        SetupCheck.Item limited = check().api(source("probe-key"));

        assertEquals("❌ api probe-slow: GET " + API.baseUrl() + "/slow → no answer within http.response-timeout-ms=1500"
            + " ms → fix: the provider is slow or unreachable: retry later, or raise http.response-timeout-ms",
            slow.line());
        assertTrue(ms < 3500, "given up after the response timeout, not the server's delay: " + ms + " ms");
        assertTrue(limited.line().endsWith("→ HTTP 429 → fix: rate-limited (Retry-After 119 s): wait, then run --check"
            + " again"), limited.line());
    }

    @Test
    void should_prove_the_database_writable_without_leaving_a_trace() throws Exception {
        long runs = count("SELECT COUNT(*) FROM ingest_run");

        List<SetupCheck.Item> items = check().database();

        assertEquals(3, items.size(), items.toString());
        assertTrue(items.stream().allMatch(SetupCheck.Item::ok), items.toString());
        assertTrue(items.get(2).line().matches("✅ database schema: at version \\d+, the newest this build ships"),
            items.get(2).line());
        assertEquals(0, count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'setup_check_probe'"));
        assertEquals(runs, count("SELECT COUNT(*) FROM ingest_run"));
    }
}
