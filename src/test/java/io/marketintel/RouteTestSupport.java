package io.marketintel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.marketintel.config.ApiKeys;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.RunResult;
import io.marketintel.store.Database;
import io.marketintel.store.Jdbc;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Base of the route tests: the real {@code application.properties} and {@code routes/*.camel.yaml} (as in
 * production), WireMock on 127.0.0.1 standing in for every API, and a fresh temp directory (SQLite file, dead
 * letters, CSV backups) per test. Quartz never fires: tests drive sources through the {@link IngestRunner}.
 */
public abstract class RouteTestSupport extends CamelMainTestSupport {

    protected static final WireMockServer API = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static Path root;
    /** The current test's directory (set while the context is configured, before the test runs). */
    protected static Path dir;

    static {
        API.start();
        try {
            root = Files.createTempDirectory("market-intel-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopApi() {
        API.stop();
    }

    @BeforeEach
    void resetApi() {
        API.resetAll();
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return App.LOCATIONS;
    }

    @Override
    protected boolean useJmx() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        dir = root.resolve("t" + SEQ.incrementAndGet());
        Properties p = new Properties();
        p.put("db.path", dir.resolve("test.db").toString());
        p.put("deadletter.path", dir.resolve("deadletter").toString());
        p.put("backup.csv.path", dir.resolve("backups").toString());
        p.put("backup.csv.enabled", "true");
        p.put("camel.component.quartz.auto-start-scheduler", "false");
        // the HTTP server on a port of the system's choosing: tests run next to each other and to a real runtime
        p.put("camel.server.port", "0");
        p.put("retry.initial-delay-ms", "10");
        p.put("retry.max-delay-ms", "50");
        p.put("http.response-timeout-ms", "3000");
        p.put("feargreed.base-url", API.baseUrl());
        p.put("farside.base-url", API.baseUrl());
        p.put("sosovalue.base-url", API.baseUrl());
        p.put("etf.inbox.path", dir.resolve("inbox").toString());
        // Camel's HTTP server (REST API, dashboard) off: starting Vert.x costs each context ~0.3-1 s and these tests
        // do not call it; a test about it turns it on, on a free port (never 8080: other suites run on this machine)
        p.put("camel.server.enabled", "false");
        p.put("camel.server.port", "0");
        p.putAll(extraProperties());
        return p;
    }

    /** A migrated, empty SQLite store at that path, as a first run leaves it (--status reads one, never creates it). */
    public static void store(Path db) {
        try (var ds = openStore(db)) {
            assert ds != null;
        }
    }

    /** An open pool on a migrated SQLite store at that path (created if missing), for repository-level tests. */
    public static com.zaxxer.hikari.HikariDataSource openStore(Path db) {
        var ds = Database.open(new Database.Options(Database.sqliteUrl(db.toString()), null, null, 5000, "NORMAL",
            false));
        Database.migrate(ds);
        return ds;
    }

    /** Per-class API keys by environment variable (keys are never properties); none by default. Static state only. */
    protected Map<String, String> apiKeys() {
        return Map.of();
    }

    @Override
    protected Registry createCamelRegistry() {
        // bound before the configuration classes run, as App binds the environment's keys
        Registry r = new DefaultRegistry();
        r.bind("apiKeys", ApiKeys.of(apiKeys()));
        return r;
    }

    /** Per-class property overrides; must only use static state (called from the constructor). */
    protected Properties extraProperties() {
        return new Properties();
    }

    protected DataSource ds() {
        return context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
    }

    /** A scheduled run, as the source's trigger makes it (pipeline.camel.yaml): the run, then direct:after-run. */
    protected RunResult run(String source) {
        RunResult r = context.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class).runOne(source);
        context.createFluentProducerTemplate().to("direct:after-run").withBody(r).send();
        return r;
    }

    protected List<Map<String, Object>> query(String sql, Object... params) throws Exception {
        return Jdbc.query(ds(), sql, params);
    }

    protected long count(String sql, Object... params) throws Exception {
        return Jdbc.count(ds(), sql, params);
    }

    /**
     * A recorded response: test-only fixtures live in src/test/resources/fixtures; the recordings the offline demo
     * bundles (src/main/resources/demo) are read from there, one copy for both.
     */
    public static Path fixturePath(String name) {
        Path test = Path.of("src/test/resources/fixtures", name);
        return Files.exists(test) ? test : Path.of("src/main/resources/demo", name);
    }

    public static String fixture(String name) {
        try {
            return Files.readString(fixturePath(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
