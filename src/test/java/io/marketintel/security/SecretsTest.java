package io.marketintel.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.marketintel.App;
import io.marketintel.config.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API keys only travel as headers: after a run where every API fails (so dead letters, logs and error messages are
 * written), no artefact holds a key — not the output, the log file, the database (and its WAL), the dead-letter
 * files or the CSV backups.
 */
class SecretsTest {

    static final String CG_KEY = "CG-secretKEY0123456789";
    static final String SOSO_KEY = "soso-secretKEY9876543210";

    @TempDir
    Path tmp;

    WireMockServer api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void should_keep_api_keys_out_of_every_artefact_of_a_failing_run() throws Exception {
        api.start();
        // every call fails; the 401 body even quotes the request the way some providers do (without the header)
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withBody("{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing\"}}")));
        Properties p = new Properties();
        p.put("db.path", tmp.resolve("data/market_intel.db").toString());
        p.put("deadletter.path", tmp.resolve("data/deadletter").toString());
        p.put("backup.csv.path", tmp.resolve("data/backups").toString());
        p.put("etf.inbox.path", tmp.resolve("data/inbox").toString());
        for (String k : List.of("feargreed.base-url", "coingecko.base-url", "farside.base-url", "sosovalue.base-url")) {
            p.put(k, api.baseUrl());
        }
        p.put("coingecko.plan", "demo");
        p.put("etf.sosovalue.enabled", "true");
        p.put("retry.initial-delay-ms", "10");
        p.put("LOG_LEVEL", "DEBUG");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = App.run(new String[] {"--once"}, p,
            ApiKeys.of(Map.of(ApiKeys.COINGECKO, CG_KEY, ApiKeys.SOSOVALUE, SOSO_KEY)), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(App.EXIT_FAILED, code);
        // the keys did reach the providers, as headers
        api.verify(anyRequestedFor(anyUrl()).withHeader("x-cg-demo-api-key", matching(CG_KEY)));
        api.verify(anyRequestedFor(anyUrl()).withHeader("x-soso-api-key", matching(SOSO_KEY)));
        api.getAllServeEvents().forEach(e -> assertTrue(!e.getRequest().getUrl().contains("secretKEY"), e.getRequest().getUrl()));
        List<Path> artefacts = new ArrayList<>();
        try (var files = Files.walk(tmp)) {
            files.filter(Files::isRegularFile).forEach(artefacts::add);
        }
        try (var files = Files.walk(Path.of("logs"))) {
            files.filter(Files::isRegularFile).forEach(artefacts::add);
        }
        assertTrue(artefacts.stream().anyMatch(f -> f.toString().contains("deadletter")), "dead letters were written");
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("dead letter"), output);
        for (String key : List.of(CG_KEY, SOSO_KEY)) {
            assertTrue(!output.contains(key), "key in the output");
            for (Path f : artefacts) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertTrue(!content.contains(key), "key found in " + f);
            }
        }
    }
}
