package io.marketintel.acceptance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Kubernetes and Prometheus see of a running scheduler: {@code /observe/metrics} passes {@code promtool check
 * metrics} and its figures equal the database's; the probes stay ready while a stale source is DOWN in the detail;
 * nothing there changes data; a server bound beyond loopback refuses to start without credentials and asks for them
 * once they are set. And the README's Prometheus files pass promtool.
 */
class ObserveIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_serve_prometheus_metrics_equal_to_the_database_and_stay_ready_with_a_stale_source() throws Exception {
        try (UserInstall u = new UserInstall()) {
            // Farside refuses (as Cloudflare does): its pages are dead-lettered, it stores nothing and so is stale
            u.apis.answer("/btc/", req -> FakeApis.Reply.of(403, "text/html", "<html>Just a moment...</html>"));
            u.apis.answer("/eth/", req -> FakeApis.Reply.of(403, "text/html", "<html>Just a moment...</html>"));
            Process p = u.start();
            try {
                // the scheduler's catch-up at start runs every source once, then logs its summary
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !p.isAlive() || u.stdout().contains("Run summary"));
                assertTrue(p.isAlive(), u.stdout() + u.stderr());

                HttpResponse<String> scrape = get(u, "/observe/metrics", null);
                assertEquals(200, scrape.statusCode(), scrape.body());
                assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    scrape.headers().toString());
                String m = scrape.body();
                Files.writeString(Path.of("target", "observe-metrics-sample.txt"), m);
                promtool(m, "check", "metrics");

                // rows stored since start = the run ledger's rows (a fresh store: also every row of the table)
                for (String source : List.of("fear-greed", "coingecko-ohlc", "etf-farside", "snapshot-daily")) {
                    assertEquals(u.count("SELECT COALESCE(SUM(rows), 0) FROM ingest_run WHERE source = ?", source),
                        (long) sum(m, "market_intel_rows_stored_total", "source", source), source + "\n" + m);
                    assertEquals(u.count("SELECT COUNT(*) FROM ingest_run WHERE source = ?", source),
                        (long) value(m, "market_intel_run_duration_seconds_count", "source", source), source);
                }
                long sentiment = u.count("SELECT COUNT(*) FROM sentiment_daily");
                assertTrue(sentiment > 0);
                assertEquals(sentiment, (long) value(m, "market_intel_rows_stored_total", "source", "fear-greed", "table",
                    "sentiment_daily"));

                long pending = u.count("SELECT COUNT(*) FROM dead_letter WHERE replayed_at IS NULL AND source = 'etf-farside'");
                assertTrue(pending >= 1, "Farside's refusals are dead letters");
                assertEquals(pending, (long) value(m, "market_intel_dead_letters_pending", "source", "etf-farside"));
                assertEquals(0, value(m, "market_intel_dead_letters_pending", "source", "fear-greed"));

                assertEquals(1, value(m, "market_intel_source_stale", "source", "etf-farside"));
                assertEquals(0, value(m, "market_intel_source_stale", "source", "fear-greed"));
                assertTrue(Double.isNaN(value(m, "market_intel_source_data_age_seconds", "source", "etf-farside")),
                    "nothing stored: no age");
                assertTrue(Double.isNaN(value(m, "market_intel_source_last_success_timestamp_seconds", "source",
                    "etf-farside")), "no successful run");
                Instant newest = LocalDate.parse(u.strings("SELECT MAX(as_of_date) FROM sentiment_daily").get(0))
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
                double age = value(m, "market_intel_source_data_age_seconds", "source", "fear-greed");
                assertEquals(Duration.between(newest, Instant.now()).getSeconds(), age, 10, "Fear & Greed data age");
                assertEquals(86_400, value(m, "market_intel_source_period_seconds", "source", "fear-greed"));
                Instant lastSuccess = Instant.parse(u.strings(
                    "SELECT MAX(finished_at) FROM ingest_run WHERE source = 'fear-greed' AND outcome = 'SUCCESS'").get(0));
                assertEquals(lastSuccess.toEpochMilli() / 1000.0,
                    value(m, "market_intel_source_last_success_timestamp_seconds", "source", "fear-greed"), 0.001);

                // every API call counted by status, and timed
                int fng = u.apis.requests("/fng/").size();
                int farside = u.apis.requests("/btc/").size() + u.apis.requests("/eth/").size();
                assertTrue(fng >= 1 && farside >= 1);
                assertEquals(fng, value(m, "market_intel_api_requests_total", "source", "fear-greed", "status", "200"));
                assertEquals(farside, value(m, "market_intel_api_requests_total", "source", "etf-farside", "status", "403"));
                assertEquals(fng, value(m, "market_intel_api_request_duration_seconds_count", "source", "fear-greed"));
                assertEquals(fng, value(m, "market_intel_api_request_duration_seconds_bucket", "source", "fear-greed",
                    "le", "+Inf"));

                // Camel's route metrics and the JVM's, in Prometheus's snake_case
                assertTrue(value(m, "camel_exchanges_total", "route_id", "fear-greed") >= 1, m);
                assertTrue(sum(m, "jvm_memory_used_bytes", "area", "heap") > 0, m);
                assertTrue(m.contains("\nprocess_uptime_seconds "), m);

                // ready although Farside is stale: its state is DOWN in the detail of the sources check
                HttpResponse<String> ready = get(u, "/observe/health/ready?data=true", null);
                assertEquals(200, ready.statusCode(), ready.body());
                JsonNode r = JSON.readTree(ready.body());
                assertEquals("UP", r.get("status").asText());
                JsonNode sources = check(r, "sources");
                assertEquals("UP", sources.get("status").asText(), ready.body());
                assertEquals("DOWN", sources.get("data").get("etf-farside").asText(), ready.body());
                assertTrue(sources.get("data").get("etf-farside.reason").asText().startsWith("stale: nothing stored yet"),
                    ready.body());
                assertEquals("UP", sources.get("data").get("fear-greed").asText(), ready.body());
                assertEquals("OFF", sources.get("data").get("etf-sosovalue").asText(), ready.body());
                assertEquals("UP", check(r, "data-source").get("status").asText(), ready.body());
                assertEquals("UP", check(r, "route:fear-greed").get("status").asText(), ready.body());
                HttpResponse<String> live = get(u, "/observe/health/live", null);
                assertEquals(200, live.statusCode(), live.body());
                assertEquals("UP", JSON.readTree(live.body()).get("status").asText());
                assertFalse(live.body().contains("\"sources\""), "readiness only: " + live.body());

                // read-only: nothing here takes a write, and Camel's upload/send consoles are not there
                assertEquals(405, send(u, "POST", "/observe/metrics").statusCode());
                assertEquals(405, send(u, "DELETE", "/observe/health/ready").statusCode());
                assertEquals(404, send(u, "PUT", "/q/upload/x.yaml").statusCode());
                assertEquals(404, send(u, "POST", "/q/send").statusCode());
            } finally {
                p.destroy();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void should_refuse_a_server_beyond_loopback_without_credentials_and_ask_for_them_once_set() throws Exception {
        try (UserInstall u = new UserInstall()) {
            UserInstall.Result refused = u.run(60, "-Dcamel.server.host=0.0.0.0");
            assertEquals(2, refused.exit(), refused.console());
            assertEquals("market-intel: Configuration error: camel.server.host = 0.0.0.0 is not a loopback address, and "
                + "the server has no credentials: set MARKET_INTEL_HTTP_TOKEN (a bearer token), or MARKET_INTEL_HTTP_USER"
                + " and MARKET_INTEL_HTTP_PASSWORD (basic auth), in the environment, or bind 127.0.0.1",
                refused.stderr().strip(), refused.console());
            assertFalse(refused.console().contains("\tat "), refused.console());
            assertFalse(Files.exists(u.db()), "a refused start opens no store");

            u.env("MARKET_INTEL_HTTP_USER", "ops");
            UserInstall.Result half = u.run(60, "-Dcamel.server.host=0.0.0.0");
            assertEquals(2, half.exit(), half.console());
            assertTrue(half.stderr().strip().startsWith("market-intel: Configuration error: MARKET_INTEL_HTTP_PASSWORD is "
                + "not set but MARKET_INTEL_HTTP_USER is"), half.console());

            String token = "tok-" + Long.toHexString(System.nanoTime()) + "-s3cret";
            String password = "pw-" + Long.toHexString(System.nanoTime()) + "-s3cret";
            u.env("MARKET_INTEL_HTTP_TOKEN", token).env("MARKET_INTEL_HTTP_PASSWORD", password).env("LOG_LEVEL", "DEBUG");
            Process p = u.start("-Dcamel.server.host=0.0.0.0");
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !p.isAlive() || get(u, "/observe/health/live", null).statusCode() == 200);
                assertTrue(p.isAlive(), u.stdout() + u.stderr());

                HttpResponse<String> none = get(u, "/observe/metrics", null);
                assertEquals(401, none.statusCode(), none.body());
                assertEquals(List.of("Bearer realm=\"market-intel\", Basic realm=\"market-intel\""),
                    none.headers().allValues("WWW-Authenticate"));
                assertEquals(401, get(u, "/observe/metrics", "Bearer wrong-" + token).statusCode());
                assertEquals(401, get(u, "/observe/health", null).statusCode());
                assertEquals(401, get(u, "/api/v1/sources", null).statusCode(), "every path, the API's too");
                assertEquals(200, get(u, "/observe/metrics", "Bearer " + token).statusCode());
                String basic = "Basic " + Base64.getEncoder().encodeToString(("ops:" + password).getBytes(StandardCharsets.UTF_8));
                assertEquals(200, get(u, "/observe/metrics", basic).statusCode());

                // the probes answer without credentials, with the status only; with them, in full
                HttpResponse<String> probe = get(u, "/observe/health/ready", null);
                assertTrue(probe.statusCode() == 200 || probe.statusCode() == 503, probe.body());
                JsonNode brief = JSON.readTree(probe.body());
                assertEquals(List.of("status"), fields(brief), probe.body());
                assertEquals(200, get(u, "/observe/health/live", null).statusCode());
                JsonNode full = JSON.readTree(get(u, "/observe/health/ready", "Bearer " + token).body());
                assertTrue(full.get("checks").size() > 3, full.toString());
            } finally {
                p.destroy();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            }
            assertTrue(u.logs().contains("asks for credentials (Bearer or Basic) on every path but"), u.logs());
            u.assertNoFileContains(token, password);
        }
    }

    @Test
    void should_refuse_to_run_without_its_server_when_the_port_is_taken() throws Exception {
        try (UserInstall u = new UserInstall();
             var taken = new java.net.ServerSocket(u.httpPort, 1, java.net.InetAddress.getLoopbackAddress())) {
            // Camel only logs a WARN when Vert.x cannot bind: the runtime must not run on without probes and metrics
            UserInstall.Result r = u.run(60);
            assertEquals(2, r.exit(), r.console());
            assertTrue(r.stderr().contains("market-intel: Configuration error: camel.server.port = " + u.httpPort
                + ": the server could not listen on 127.0.0.1:" + u.httpPort + " (in use by another program or another "
                + "market-intel?): choose a free port"), r.console());
            assertEquals(0, u.count("SELECT COUNT(*) FROM ingest_run"), "no run started");
        }
    }

    @Test
    void should_ship_a_scrape_config_and_alert_rules_that_promtool_accepts() throws Exception {
        promtool(null, "check", "config", "monitoring/prometheus.yml");
        promtool(null, "check", "rules", "monitoring/market-intel.rules.yml");
        // the data-age rule fires for a daily source 2.5 days behind, not for ETF flows over a weekend
        promtool(null, "test", "rules", "monitoring/market-intel.rules.test.yml");
    }

    static HttpResponse<String> get(UserInstall u, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(u.httpBaseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(UserInstall u, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(u.httpBaseUrl() + path)).timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (name.equals(c.get("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Runs promtool (Debian's prometheus package, installed by .ci/run) with the text on stdin; asserts exit 0. */
    static void promtool(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
    }

    /** The one sample of {@code name} carrying all the given label pairs; fails when there is none or several. */
    static double value(String metrics, String name, String... labels) {
        List<Double> v = samples(metrics, name, labels);
        assertEquals(1, v.size(), name + " " + List.of(labels) + " in\n" + metrics);
        return v.get(0);
    }

    static double sum(String metrics, String name, String... labels) {
        return samples(metrics, name, labels).stream().mapToDouble(Double::doubleValue).sum();
    }

    static List<Double> samples(String metrics, String name, String... labels) {
        List<Double> out = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                out.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return out;
    }
}
