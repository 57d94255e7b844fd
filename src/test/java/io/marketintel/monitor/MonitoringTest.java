package io.marketintel.monitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.RunResult;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees from outside the process: route, business, health and pool MBeans read over a real
 * remote JMX connection (RMI on a free loopback port, the JDK's own client), and the DEBUG API-call log.
 */
class MonitoringTest extends RouteTestSupport {

    static final String RECORDED = fixture("alternative_me_fng_limit365_paleaura01.json");
    /** Formatted messages of io.marketintel.http.ApiCalls, captured from before the context starts. */
    static final List<String> API_CALLS = new CopyOnWriteArrayList<>();

    static {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        AbstractAppender capture = new AbstractAppender("api-calls-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                API_CALLS.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        cfg.addAppender(capture);
        LoggerConfig lc = new LoggerConfig(ApiCallLog.LOGGER, Level.DEBUG, false);
        lc.addAppender(capture, Level.DEBUG, null);
        cfg.addLogger(ApiCallLog.LOGGER, lc);
        ctx.updateLoggers();
    }

    static JMXConnectorServer server;
    static Registry registry;
    static JMXConnector client;
    static MBeanServerConnection jmx;

    /** RMI registry and connector bound to 127.0.0.1 only, as the README's JVM flags do. */
    static final class Loopback implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        }
    }

    @BeforeAll
    static void remoteJmx() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // one factory instance for registry and connector: RMI shares a port only between equal factories
        Loopback loopback = new Loopback();
        registry = LocateRegistry.createRegistry(port, null, loopback);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + port + "/jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        server = JMXConnectorServerFactory.newJMXConnectorServer(url,
            Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, loopback),
            ManagementFactory.getPlatformMBeanServer());
        server.start();
        client = JMXConnectorFactory.connect(url);
        jmx = client.getMBeanServerConnection();
    }

    @AfterAll
    static void closeJmx() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
        if (registry != null) {
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    @BeforeEach
    void clearLog() {
        API_CALLS.clear();
    }

    static void answer(int status, String body) {
        API.stubFor(get(urlPathEqualTo("/fng/")).willReturn(aResponse().withStatus(status)
            .withHeader("Content-Type", "application/json").withBody(body)));
    }

    ObjectName one(String pattern) throws Exception {
        Set<ObjectName> names = jmx.queryNames(new ObjectName(pattern), null);
        assertEquals(1, names.size(), pattern + " -> " + names);
        return names.iterator().next();
    }

    long number(ObjectName on, String attribute) throws Exception {
        return ((Number) jmx.getAttribute(on, attribute)).longValue();
    }

    /** The readiness checks that are not UP, with their message: the failure says which and why. */
    String notUp() {
        return org.apache.camel.health.HealthCheckHelper.invokeReadiness(context).stream()
            .filter(r -> r.getState() != org.apache.camel.health.HealthCheck.State.UP)
            .map(r -> r.getCheck().getId() + "=" + r.getState() + " " + r.getMessage().orElse("") + " " + r.getDetails())
            .toList().toString();
    }

    @Test
    void should_expose_route_business_health_and_pool_mbeans_over_remote_jmx_after_a_run() throws Exception {
        answer(200, RECORDED);

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        ObjectName route = one("org.apache.camel:type=routes,name=\"fear-greed\",*");
        assertEquals(1, number(route, "ExchangesCompleted"));
        assertEquals(0, number(route, "FailuresHandled"));
        assertTrue(number(route, "LastProcessingTime") >= 0);

        ObjectName source = SourceMBeans.name("fear-greed");
        assertEquals("io.marketintel:type=source,name=fear-greed", source.getCanonicalName().replace(
            "name=fear-greed,type=source", "type=source,name=fear-greed"));
        assertEquals(365, number(source, "RowsLastRun"));
        assertEquals("SUCCESS", jmx.getAttribute(source, "LastOutcome"));
        assertEquals("", jmx.getAttribute(source, "LastError"));
        assertEquals(0, number(source, "DeadLettersPending"));
        assertEquals("2025-04-22T00:00:00Z", jmx.getAttribute(source, "NewestData"));
        long age = number(source, "DataAgeSeconds");
        long expected = java.time.Duration.between(java.time.Instant.parse("2025-04-22T00:00:00Z"),
            java.time.Instant.now()).getSeconds();
        assertTrue(Math.abs(age - expected) < 60, "age " + age + " vs " + expected);
        // the recorded payload ends 2025-04-22: far older than twice the daily period
        assertEquals(Boolean.TRUE, jmx.getAttribute(source, "Stale"));
        assertEquals(86_400, number(source, "SchedulePeriodSeconds"));
        String lastSuccess = (String) jmx.getAttribute(source, "LastSuccessfulRun");
        assertTrue(lastSuccess.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lastSuccess);

        ObjectName health = one("org.apache.camel:type=health,name=DefaultHealthCheck,*");
        // ready once every polling consumer (the ETF inbox) has polled once, which its initial delay defers
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> Boolean.TRUE.equals(jmx.getAttribute(health, "HealthyReadiness")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not ready: " + notUp(), e);
        }
        assertEquals(Boolean.TRUE, jmx.getAttribute(health, "HealthyLiveness"));
        @SuppressWarnings("unchecked")
        java.util.Collection<String> ids = (java.util.Collection<String>) jmx.getAttribute(health, "HealthChecksIDs");
        assertTrue(ids.contains("data-source") && ids.contains("route:fear-greed") && ids.contains("consumer:fear-greed"),
            ids.toString());

        ObjectName pool = one("com.zaxxer.hikari:type=Pool (market-intel-db)");
        assertEquals(1, number(pool, "TotalConnections"));
    }

    @Test
    void should_report_failures_handled_and_pending_dead_letters_when_the_api_keeps_failing() throws Exception {
        answer(500, "{\"error\":\"boom\"}");

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        assertEquals(1, number(one("org.apache.camel:type=routes,name=\"fear-greed\",*"), "FailuresHandled"));
        ObjectName source = SourceMBeans.name("fear-greed");
        assertEquals(1, number(source, "DeadLettersPending"));
        assertEquals("FAILED", jmx.getAttribute(source, "LastOutcome"));
        assertTrue(((String) jmx.getAttribute(source, "LastError")).contains("HTTP 500"));
        assertEquals(-1, number(source, "DataAgeSeconds"), "nothing stored yet");
        assertEquals(Boolean.TRUE, jmx.getAttribute(source, "Stale"));
        assertEquals("", jmx.getAttribute(source, "LastSuccessfulRun"));
    }

    @Test
    void should_log_every_api_call_once_with_status_bytes_time_and_attempt() throws Exception {
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withBody("down")).willSetStateTo("second"));
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("flaky").whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(503).withBody("down")).willSetStateTo("up"));
        API.stubFor(get(urlPathEqualTo("/fng/")).inScenario("flaky").whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200).withBody(RECORDED)));

        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.SUCCESS, r.outcome(), String.valueOf(r.error()));
        String url = API.baseUrl() + "/fng/?limit=30";
        assertEquals(3, API.getAllServeEvents().size(), "calls the API saw");
        assertEquals(3, API_CALLS.size(), API_CALLS.toString());
        assertTrue(API_CALLS.get(0).matches("GET \\Q" + url + "\\E -> 503, 4 bytes, \\d+ ms, attempt 1"), API_CALLS.get(0));
        assertTrue(API_CALLS.get(1).matches("GET \\Q" + url + "\\E -> 503, 4 bytes, \\d+ ms, attempt 2"), API_CALLS.get(1));
        int bytes = RECORDED.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(API_CALLS.get(2).matches("GET \\Q" + url + "\\E -> 200, " + bytes + " bytes, \\d+ ms, attempt 3"),
            API_CALLS.get(2));
        assertFalse(String.join("\n", API_CALLS).toLowerCase().contains("api-key"), "no key in the log");
    }
}
