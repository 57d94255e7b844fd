package io.marketintel.acceptance;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README: "API keys are read from the environment only and sent as HTTP headers: they never appear in URLs, logs,
 * dead letters or CSV files" — at every log level, TRACE included, with both keys set as a user sets them. SoSoValue
 * turns on with its key; the imitation has no SoSoValue recording, so its calls fail and are dead-lettered, which
 * writes the error paths (dead letters, error messages) a key could leak into too.
 */
class SecretsIT {

    static final String CG_KEY = "CG-acceptKEY31415926";
    static final String SOSO_KEY = "soso-acceptKEY27182818";

    @Test
    void should_write_no_key_into_any_file_at_info_debug_or_trace() throws Exception {
        try (UserInstall u = new UserInstall()) {
            u.env("COINGECKO_API_KEY", CG_KEY).env("SOSOVALUE_API_KEY", SOSO_KEY);
            for (String level : List.of("INFO", "DEBUG", "TRACE")) {
                u.env("LOG_LEVEL", level);
                UserInstall.Result r = u.run(120, "--once", "-Dcoingecko.plan=demo");
                // SoSoValue has no recorded answer here: its calls fail, the others succeed
                assertEquals(1, r.exit(), level + ":\n" + r.console());
                assertTrue(r.console().contains("etf-sosovalue"), level + ": SoSoValue ran:\n" + r.console());
                u.assertNoFileContains(CG_KEY, SOSO_KEY);
            }
            assertFalse(u.logs().isEmpty(), "the runs wrote a log");
            assertTrue(u.logs().contains("TRACE"), "the TRACE run logged at TRACE");
            // not vacuous: both keys reached the imitation, as headers, never in a URL
            assertTrue(u.apis.requests("/api/v3/").stream()
                .allMatch(q -> List.of(CG_KEY).equals(q.headers().get("X-cg-demo-api-key"))), "CoinGecko key header");
            assertTrue(u.apis.requests("/sosovalue/").stream().anyMatch(q ->
                List.of(SOSO_KEY).equals(q.headers().get("X-soso-api-key"))), "SoSoValue key header");
            assertTrue(u.apis.requests().stream().noneMatch(q -> q.uri().contains("acceptKEY")), "no key in a URL");
        }
    }
}
