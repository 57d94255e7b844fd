package io.marketintel.reload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live reload: a good edit applies without a restart; a broken edit is reported and the previous route keeps running. */
class LiveReloadTest extends RouteTestSupport {

    static Path routes;

    @Override
    protected Properties extraProperties() {
        try {
            routes = Files.createTempDirectory("routes");
            try (var files = Files.list(Path.of("routes"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, routes.resolve(f.getFileName()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Properties p = new Properties();
        p.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        p.put("routes.live-reload", "true");
        p.put("routes.live-reload-directory", routes.toString());
        return p;
    }

    GuardedRouteReload reload() {
        return context.getRegistry().lookupByNameAndType("routeReload", GuardedRouteReload.class);
    }

    void edit(String from, String to) throws Exception {
        Path f = routes.resolve("fear-greed.camel.yaml");
        String s = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(s.contains(from), "fixture text present: " + from);
        Files.writeString(f, s.replace(from, to), StandardCharsets.UTF_8);
    }

    void serveRecording() {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(200)
            .withBody(fixture("alternative_me_fng_limit365_paleaura01.json"))));
    }

    @Test
    void should_apply_a_good_edit_without_restart() throws Exception {
        serveRecording();
        edit("/fng/?limit={{feargreed.limit}}", "/fng/?limit=7");

        await().atMost(Duration.ofSeconds(40)).until(() -> reload().reloads() >= 1);

        assertEquals(1, reload().reloads(), "one save, one reload");
        assertEquals(RunResult.Outcome.SUCCESS, run("fear-greed").outcome());
        API.verify(1, getRequestedFor(urlPathEqualTo("/fng/")).withQueryParam("limit", equalTo("7")));
    }

    @Test
    void should_reject_an_edit_that_does_not_parse_and_keep_the_previous_route() throws Exception {
        serveRecording();
        edit("- route:\n    id: fear-greed\n", "- route:\n    id: fear-greed\n    steps: [unclosed\n");

        await().atMost(Duration.ofSeconds(40)).until(() -> reload().lastError() != null);

        assertTrue(reload().lastError().contains("does not parse"), reload().lastError());
        assertTrue(reload().lastError().contains("fear-greed.camel.yaml"));
        assertTrue(context.getRouteController().getRouteStatus("fear-greed").isStarted());
        assertNotNull(context.getRoute("dead-letter"), "the other files' routes untouched");
        RunResult r = run("fear-greed");
        assertEquals(RunResult.Outcome.SUCCESS, r.outcome());
        assertEquals(365, r.rows());
    }

    @Test
    void should_restore_the_previous_route_when_an_edit_does_not_start() throws Exception {
        serveRecording();
        edit("- to: \"direct:fear-greed-store\"", "- to: \"nosuchcomponent:anywhere\"");

        await().atMost(Duration.ofSeconds(40)).until(() -> reload().lastError() != null);

        assertTrue(reload().lastError().contains("did not start"), reload().lastError());
        await().atMost(Duration.ofSeconds(5)).until(() -> context.getRouteController().getRouteStatus("fear-greed") != null
            && context.getRouteController().getRouteStatus("fear-greed").isStarted());
        RunResult r = run("fear-greed");
        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        assertEquals(365, count("SELECT COUNT(*) FROM sentiment_daily"), "the previous version stored the data");
        assertNotNull(context.getRoute("csv-backup"), "the other files' routes untouched");
    }

    @Test
    void should_reject_an_edit_naming_a_bean_that_does_not_exist() throws Exception {
        serveRecording();
        edit("value: fearGreedMapper", "value: fearGreedMaper");

        await().atMost(Duration.ofSeconds(40)).until(() -> reload().lastError() != null);

        assertTrue(reload().lastError().contains("fearGreedMaper"), reload().lastError());
        assertEquals(0, reload().reloads(), "a rejected edit is not counted as reloaded");
        RunResult r = run("fear-greed");
        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        assertEquals(365, r.rows(), "the previous version still runs");
    }
}
