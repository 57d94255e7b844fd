package io.marketintel;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --check} as a user runs it: one ✅/❌ line per item, the fix on each ❌, exit 0 only when all pass. */
class CheckCommandTest {

    static final WireMockServer API = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        API.start();
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(RouteTestSupport.fixture("alternative_me_fng_limit365_paleaura01.json"))));
        API.stubFor(get(urlPathEqualTo("/ping")).willReturn(aResponse().withStatus(200)
            .withBody("{\"gecko_says\":\"(V3) To the Moon!\"}")));
        API.stubFor(head(urlPathEqualTo("/btc/")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "text/html; charset=UTF-8")));
    }

    @AfterAll
    static void stop() {
        API.stop();
    }

    record Outcome(int code, List<String> lines, String err) {
        String line(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(
                () -> new AssertionError("no line starting with '" + prefix + "' in " + lines));
        }
    }

    Outcome check(Properties p) {
        p.putIfAbsent("db.path", tmp.resolve("data/check.db").toString());
        p.putIfAbsent("deadletter.path", tmp.resolve("dl").toString());
        p.putIfAbsent("backup.csv.path", tmp.resolve("bk").toString());
        p.putIfAbsent("feargreed.base-url", API.baseUrl());
        p.putIfAbsent("farside.base-url", API.baseUrl());
        p.putIfAbsent("coingecko.base-url", API.baseUrl());
        p.putIfAbsent("etf.inbox.path", tmp.resolve("inbox").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = App.run(new String[] {"--check"}, p, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n")),
            err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_pass_every_item_and_exit_0_without_writing_data_when_all_is_well() throws Exception {
        API.resetRequests();

        Outcome o = check(new Properties());

        assertEquals(App.EXIT_OK, o.code(), o.lines() + o.err());
        assertTrue(o.line("✅ configuration").contains("valid"));
        // a store not created yet is fine for --check (the first run creates it), and --check does not create it
        assertTrue(o.line("✅ database: none yet at ").contains(tmp.resolve("data/check.db").toString()), o.lines().toString());
        String fearGreed = o.line("✅ routes/fear-greed.camel.yaml");
        for (String id : List.of("fear-greed-schedule", "fear-greed", "fear-greed-call", "fear-greed-store")) {
            assertTrue(fearGreed.contains(id + ",") || fearGreed.endsWith(id), fearGreed);
        }
        assertTrue(o.line("✅ api fear-greed").contains("GET " + API.baseUrl() + "/fng/?limit=1 → 200"));
        assertTrue(o.line("✅ api etf-farside").contains("HEAD " + API.baseUrl() + "/btc/ → 200"));
        // no SOSOVALUE_API_KEY here: etf.sosovalue.enabled=auto resolved to off
        assertTrue(o.line("✅ api etf-sosovalue: disabled").contains("auto: off because SOSOVALUE_API_KEY is not set"),
            o.line("✅ api etf-sosovalue"));
        o.line("✅ api etf-inbox: calls no API");
        assertEquals("✅ http server: 127.0.0.1:8080, loopback only (the scheduler and --demo start it)",
            o.line("✅ http server"));
        assertTrue(o.lines().stream().noneMatch(l -> l.startsWith("❌")), o.lines().toString());
        assertTrue(o.lines().get(o.lines().size() - 1).matches("All \\d+ checks passed\\."), o.lines().toString());
        // one cheap call, and nothing written: not even the data folder
        API.verify(1, getRequestedFor(urlPathEqualTo("/fng/")).withQueryParam("limit", equalTo("1")));
        assertFalse(Files.exists(tmp.resolve("data")), "--check created data/");
        assertFalse(Files.exists(tmp.resolve("dl")) || Files.exists(tmp.resolve("inbox")), "--check created folders");
    }

    @Test
    void should_print_the_failing_api_with_its_fix_and_exit_1_when_it_is_down() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Properties p = new Properties();
        p.put("feargreed.base-url", "http://127.0.0.1:" + closed);

        Outcome o = check(p);

        assertEquals(App.EXIT_FAILED, o.code());
        assertEquals("❌ api fear-greed: GET http://127.0.0.1:" + closed + "/fng/?limit=1 → cannot connect (refused)"
            + " → fix: check feargreed.base-url and that the host is reachable from here", o.line("❌ api fear-greed"));
        assertEquals(1, o.lines().stream().filter(l -> l.startsWith("❌")).count(), o.lines().toString());
        o.line("✅ database: none yet");
        assertTrue(o.lines().get(o.lines().size() - 1).matches("1 of \\d+ checks failed\\."));
    }

    @Test
    void should_fail_a_server_address_beyond_loopback_without_credentials_naming_the_variables() throws Exception {
        Properties p = new Properties();
        p.put("camel.server.host", "0.0.0.0");

        Outcome o = check(p);

        assertEquals(App.EXIT_FAILED, o.code(), o.lines().toString());
        assertEquals("❌ http server: camel.server.host = 0.0.0.0 is not a loopback address and no credentials are set: "
            + "the scheduler refuses to start → fix: set MARKET_INTEL_HTTP_TOKEN (bearer), or MARKET_INTEL_HTTP_USER and "
            + "MARKET_INTEL_HTTP_PASSWORD (basic), in the environment, or bind 127.0.0.1", o.line("❌ http server"));
        assertEquals(1, o.lines().stream().filter(l -> l.startsWith("❌")).count(), o.lines().toString());
    }

    @Test
    void should_name_a_route_file_that_does_not_parse() throws Exception {
        Path routes = Files.createDirectories(tmp.resolve("routes"));
        Files.copy(Path.of("routes/fear-greed.camel.yaml"), routes.resolve("fear-greed.camel.yaml"));
        // the route templates its declarations use
        Files.copy(Path.of("routes/pipeline.camel.yaml"), routes.resolve("pipeline.camel.yaml"));
        Files.writeString(routes.resolve("broken.camel.yaml"),
            "- route:\n    id: broken\n    from:\n      uri: \"direct:broken\"\n      steps:\n        - tooo: \"log:x\"\n");
        Properties p = new Properties();
        p.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");

        Outcome o = check(p);

        assertEquals(App.EXIT_FAILED, o.code());
        String broken = o.line("❌ routes/broken.camel.yaml");
        assertTrue(broken.contains("does not parse") && broken.contains("tooo") && broken.contains("line 6")
            && broken.contains("→ fix:"), broken);
        o.line("✅ routes/fear-greed.camel.yaml");
        o.line("✅ api fear-greed");
    }

    @Test
    void should_report_a_bad_setting_as_a_failed_check_line() {
        Properties p = new Properties();
        p.put("feargreed.cron", "every day");

        Outcome o = check(p);

        assertEquals(App.EXIT_FAILED, o.code());
        String line = o.line("❌ configuration");
        assertTrue(line.contains("feargreed.cron") && line.contains("→ fix: correct feargreed.cron"), line);
    }
}
