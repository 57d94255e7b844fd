package io.marketintel.acceptance;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's demo as a user opens it: {@code java -jar market-intel.jar --demo} in a fresh installation, then the
 * dashboard at / in a real browser (Debian's Chromium, headless, driven by playwright-core from
 * src/test/browser/dashboard-check.mjs). The page loads without console errors, each chart draws, the figures shown
 * equal the API's, the source panel shows STALE where the API says stale, and a screenshot is written to
 * target/dashboard.png.
 * <p>
 * Set beyond the shipped configuration: the server's port (a free one: this machine runs other suites) and one timing,
 * Fear and Greed's cron, to one that fires every second but only in 2099: a one-second period makes its data (a day
 * old at most, never seconds) stale now, and it never fires during the test.
 */
class BrowserDashboardIT {

    static final Path BROWSER_DIR = Path.of("src/test/browser");
    static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    @Test
    void should_show_the_demo_dashboard_in_a_real_browser_with_the_apis_figures() throws Exception {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            fail("the browser test needs Debian's chromium at " + CHROMIUM + " and playwright-core in " + BROWSER_DIR
                + "/node_modules: install them as .ci/run does (apt-get install chromium; npm ci --prefix " + BROWSER_DIR + ")");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Path screenshot = Path.of("target/dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        try (UserInstall user = new UserInstall()) {
            user.timing("feargreed.cron", "* * * * * ? 2099");
            Process jar = user.start("-Dcamel.server.port=" + port, "--demo");
            try {
                HttpClient http = HttpClient.newHttpClient();
                ObjectMapper json = new ObjectMapper();
                // ready: the catch-up at start has stored every demo source and the snapshot
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        if (!jar.isAlive()) {
                            fail("the demo stopped: " + user.stdout() + user.stderr());
                        }
                        JsonNode sources = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                            + "/api/v1/sources")).build(), HttpResponse.BodyHandlers.ofString()).body());
                        int done = 0;
                        for (JsonNode s : sources.get("rows")) {
                            if (List.of("fear-greed", "coingecko-ohlc", "etf-farside", "snapshot-daily")
                                    .contains(s.get("source").asText()) && "SUCCESS".equals(s.get("last_outcome").asText())) {
                                done++;
                            }
                        }
                        return done == 4;
                    });

                List<String> cmd = new ArrayList<>(List.of("node", "dashboard-check.mjs", base, screenshot.toString(), CHROMIUM));
                Path out = Files.createTempFile("dashboard-check", ".json");
                Process node = new ProcessBuilder(cmd).directory(BROWSER_DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
                if (!node.waitFor(120, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                    fail("the browser check did not end within 120 s: " + Files.readString(out));
                }
                String text = Files.readString(out);
                System.out.println(text);
                String last = text.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}");
                JsonNode report = json.readTree(last);
                assertEquals(0, node.exitValue(), "browser check failed: " + report.path("failures") + "\n" + text);
                assertEquals(0, report.get("consoleErrors").size(), report.get("consoleErrors").toString());
                assertTrue(report.get("stale").toString().contains("fear-greed"), report.get("stale").toString());
                assertTrue(report.get("checked").size() > 20, report.toString());
                assertTrue(Files.size(screenshot) > 50_000, "screenshot " + screenshot + ": " + Files.size(screenshot));
            } finally {
                jar.destroy();
                if (!jar.waitFor(30, TimeUnit.SECONDS)) {
                    jar.destroyForcibly();
                }
            }
        }
    }
}
