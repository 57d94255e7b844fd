package io.marketintel.demo;

import java.io.IOException;
import java.time.Clock;
import java.util.Properties;

import io.marketintel.cli.Reports;
import io.marketintel.config.ApiKeys;
import io.marketintel.pipeline.Failures;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo}, wired in one place: the {@link DemoServer} with the recordings on 127.0.0.1, every API root pointed
 * there, a store of its own, no API key sent, and the summary's note that the data is recorded. Nothing else in the
 * runtime knows about the demo: it runs its production path against this server.
 */
public final class DemoMode extends MainListenerSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);

    /** The demo server did not start: the one line to print. */
    public static final class NotStarted extends Exception {
        NotStarted(Throwable cause) {
            super("the demo server could not start: " + describe(Failures.rootCause(cause)), cause);
        }

        private static String describe(Throwable root) {
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        }
    }

    private final DemoServer server;
    private final String store;
    private final boolean summaryNote;

    private DemoMode(DemoServer server, String store, boolean summaryNote) {
        this.server = server;
        this.store = store;
        this.summaryNote = summaryNote;
    }

    /**
     * Starts the server and points {@code main} at it: the demo's settings go into {@code props} (the overrides; a key
     * the caller set there, as tests do, still wins), the {@code apiKeys} bound in {@code main} are replaced by none,
     * and the demo follows Camel Main as a listener. {@code summaryNote}: the run summary starts with what was
     * replayed (every verb but {@code --status}, which prints no summary).
     */
    public static DemoMode start(Main main, Properties props, boolean summaryNote) throws NotStarted {
        DemoServer server;
        try {
            long t0 = System.nanoTime();
            server = DemoServer.start(Clock.systemUTC());
            LOG.info("Demo mode: recordings loaded and served at {} in {} ms", server.baseUrl(),
                (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            throw new NotStarted(e);
        }
        Properties forced = server.properties();
        for (String key : forced.stringPropertyNames()) {
            if (!props.containsKey(key) && System.getProperty(key) != null) {
                // a -D would win over these (Camel checks system properties first): the demo never calls out
                LOG.warn("--demo ignores -D{}: the demo only uses its recorded data and its own store", key);
                System.clearProperty(key);
            }
        }
        forced.forEach(props::putIfAbsent);
        LOG.info("Demo mode: every API root points at {}; store {}", server.baseUrl(), props.get("db.path"));
        // the demo only calls its own server: no key is ever sent there
        main.bind("apiKeys", ApiKeys.NONE);
        DemoMode demo = new DemoMode(server, String.valueOf(props.get("db.path")), summaryNote);
        main.addMainListener(demo);
        return demo;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        // environment variables would win over the demo's settings (DB_PATH -> db.path is the real store):
        // in demo mode they only fill keys set nowhere else
        ((PropertiesComponent) main.getCamelContext().getPropertiesComponent())
            .setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        // the configuration classes have bound the beans by now; the verb runs after start
        if (summaryNote) {
            main.getCamelContext().getRegistry().lookupByNameAndType("reports", Reports.class)
                .setNote(server.note(store));
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
