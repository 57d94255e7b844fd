package io.marketintel;

import io.marketintel.cli.Arguments;
import io.marketintel.cli.ReadOnlyLogging;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.marketintel.config.ApiKeys;
import io.marketintel.config.ConfigException;
import io.marketintel.config.Settings;
import io.marketintel.demo.DemoServer;
import io.marketintel.deadletter.DeadLetterReplay;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.cli.Reports;
import io.marketintel.pipeline.RunResult;
import io.marketintel.cli.SetupCheck;
import io.marketintel.store.Database;
import io.marketintel.store.InstanceLock;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.logging.log4j.LogManager;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: parses the verbs, then runs Camel Main with the installation's {@code application.properties}
 * (working directory) over the defaults packed in the jar. {@code new Main()} without a class: no classpath
 * scanning; route builders and configuration classes are listed in the properties.
 */
public final class App {

    /** application.properties in the working directory wins over the jar's copy (first location wins). */
    public static final String LOCATIONS =
        "file:application.properties;optional=true,classpath:defaults/application.properties";

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private App() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--status") || List.of(args).contains("--check")) {
            // before Log4j starts: the read-only verbs create no file, not even the logs/ folder (log4j2.xml)
            System.setProperty("market-intel.no-log-file", "true");
        }
        int code = run(args, new Properties(), System.out, System.err);
        LogManager.shutdown();
        System.exit(code);
    }

    /** Runs the verb; returns the process exit code. {@code overrides} win over every other property source. */
    public static int run(String[] args, Properties overrides, PrintStream out, PrintStream err) {
        return run(args, overrides, ApiKeys.environment(), out, err);
    }

    /** The same with the API keys given (tests): keys are never properties, see {@link ApiKeys}. */
    public static int run(String[] args, Properties overrides, ApiKeys apiKeys, PrintStream out, PrintStream err) {
        Arguments cli;
        try {
            cli = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("market-intel: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (cli.mode() == Arguments.Mode.HELP) {
            out.print(Arguments.HELP);
            return EXIT_OK;
        }
        boolean readOnly = cli.mode() == Arguments.Mode.STATUS || cli.mode() == Arguments.Mode.CHECK;
        Runnable restoreLogging = readOnly ? ReadOnlyLogging.apply() : () -> { };
        try {
            return run(cli, readOnly, overrides, apiKeys, out, err);
        } finally {
            restoreLogging.run();
        }
    }

    private static int run(Arguments cli, boolean readOnly, Properties overrides, ApiKeys apiKeys, PrintStream out,
                           PrintStream err) {
        Logger log = LoggerFactory.getLogger(App.class);
        AtomicInteger exit = new AtomicInteger(EXIT_OK);
        Main main = new Main();
        main.setPropertyPlaceholderLocations(LOCATIONS);
        Properties props = new Properties();
        props.putAll(overrides);
        DemoServer demo = null;
        if (cli.demo()) {
            try {
                // --demo: recorded responses on 127.0.0.1, every API root pointed there, a store of its own;
                // the caller's overrides (tests) still win
                long t0 = System.nanoTime();
                demo = DemoServer.start(Clock.systemUTC());
                log.info("Demo mode: recordings loaded and served at {} in {} ms", demo.baseUrl(),
                    (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                err.println("market-intel: the demo server could not start: " + rootMessage(e));
                return EXIT_FAILED;
            }
            Properties forced = demo.properties();
            for (String key : forced.stringPropertyNames()) {
                if (!props.containsKey(key) && System.getProperty(key) != null) {
                    // a -D would win over these (Camel checks system properties first): the demo never calls out
                    log.warn("--demo ignores -D{}: the demo only uses its recorded data and its own store", key);
                    System.clearProperty(key);
                }
            }
            forced.forEach(props::putIfAbsent);
            log.info("Demo mode: every API root points at {}; store {}", demo.baseUrl(), props.get("db.path"));
        }
        DemoServer demoServer = demo;
        if (cli.mode() != Arguments.Mode.SCHEDULER) {
            if (cli.mode() != Arguments.Mode.STATUS) {
                // one-shot verbs: the Quartz triggers never fire; the verb drives the routes itself. A scheduler that
                // never started runs no job, so it need not wait ~0.5 s for its idle worker threads at shutdown.
                // (--status loads no route: configuring Quartz would only create the component.)
                props.put("camel.component.quartz.auto-start-scheduler", "false");
                props.put("camel.component.quartz.interrupt-jobs-on-shutdown", "true");
            }
            // the HTTP server (health, metrics, API) belongs to the long-lived process: a one-shot verb next to a running
            // scheduler must not fight for its port, and nothing scrapes a process that exits after one run
            props.put("camel.server.enabled", "false");
            props.put("camel.management.enabled", "false");
            props.put("camel.metrics.enabled", "false");
            if (System.getProperty("camel.main.jmx-enabled") == null && System.getenv("CAMEL_MAIN_JMX_ENABLED") == null) {
                // nothing watches a process that exits after one run; Camel's MBeans cost ~0.3 s of CPU and ~18 MB
                // at start (-Dcamel.main.jmx-enabled=true keeps them)
                props.putIfAbsent("camel.main.jmx-enabled", "false");
            }
        }
        if (readOnly) {
            // --status reads the database only: no routes are loaded, no API is called;
            // --check builds each YAML file itself, so a broken file is one ❌ line instead of a failed start
            props.put("camel.main.routes-collector-enabled", "false");
            props.put("camel.main.routes-reload-enabled", "false");
            props.put("routes.live-reload", "false");
        }
        props.putIfAbsent("market-intel.mode", cli.mode().name().toLowerCase());
        main.setOverrideProperties(props);
        // the demo only calls its own server: no key is ever sent there
        main.bind("apiKeys", demo != null ? ApiKeys.NONE : apiKeys);
        if (cli.mode() == Arguments.Mode.SCHEDULER) {
            // before Camel Main sets up camel-micrometer-prometheus, which then scrapes this registry (see its class)
            main.bind(org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME,
                io.marketintel.monitor.MetricsRegistry.create());
        }
        // the HTTP server's credentials come from the same environment, in the demo too
        main.bind(io.marketintel.server.ServerConfiguration.ENVIRONMENT_BEAN, apiKeys);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                if (readOnly) {
                    // Camel Main pre-parses every route file it is to load, and a file that does not parse stops it
                    // (routes-collector-ignore-loading-error does not cover that step): it loads none, and --check
                    // parses each file itself from the pattern kept here
                    var pc = m.getCamelContext().getPropertiesComponent();
                    pc.addOverrideProperty(Settings.ROUTES_PATTERN,
                        pc.resolveProperty("camel.main.routes-include-pattern").orElse(""));
                    pc.addOverrideProperty("camel.main.routes-include-pattern", "classpath:read-only-verbs-load-no-routes/*.yaml");
                }
                if (demoServer != null) {
                    // environment variables would win over the demo's settings (DB_PATH -> db.path is the real store):
                    // in demo mode they only fill keys set nowhere else
                    ((org.apache.camel.component.properties.PropertiesComponent) m.getCamelContext().getPropertiesComponent())
                        .setEnvironmentVariableMode(org.apache.camel.component.properties.PropertiesComponent
                            .ENVIRONMENT_VARIABLES_MODE_FALLBACK);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                CamelContext camel = m.getCamelContext();
                if (demoServer != null && cli.mode() != Arguments.Mode.STATUS) {
                    camel.getRegistry().lookupByNameAndType("reports", Reports.class)
                        .setNote(demoServer.note(String.valueOf(props.get("db.path"))));
                }
                if (cli.mode() == Arguments.Mode.ONCE || cli.mode() == Arguments.Mode.SCHEDULER || cli.mode() == Arguments.Mode.REPLAY) {
                    log.info(camel.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class).switchedOff());
                }
                try {
                    switch (cli.mode()) {
                        case ONCE -> exit.set(once(camel, cli, out));
                        case STATUS -> exit.set(status(camel, out));
                        case CHECK -> exit.set(check(camel, out));
                        case SCHEDULER -> scheduler(camel);
                        case REPLAY -> exit.set(replay(camel, cli.source(), out));
                        default -> {
                            err.println("market-intel: " + cli.mode() + " is not available in this build");
                            exit.set(EXIT_USAGE);
                        }
                    }
                } catch (Database.StoreException e) {
                    err.println("market-intel: " + e.getMessage());
                    exit.set(EXIT_FAILED);
                } catch (Exception e) {
                    unexpected(cli.mode() + " failed", e, readOnly, err);
                    exit.set(EXIT_FAILED);
                }
                if (cli.mode() != Arguments.Mode.SCHEDULER) {
                    main.completed();
                }
            }
        });
        try {
            main.run();
        } catch (Exception e) {
            ConfigException ce = find(e, ConfigException.class);
            if (ce != null && cli.mode() == Arguments.Mode.CHECK) {
                out.println("❌ configuration: " + ce.getMessage() + " → fix: correct " + ce.key()
                    + " in application.properties (or its environment variable / -D override)");
                return EXIT_FAILED;
            }
            Database.StoreException store = find(e, Database.StoreException.class);
            if (store != null) {
                (cli.mode() == Arguments.Mode.CHECK ? out : err).println((cli.mode() == Arguments.Mode.CHECK ? "❌ database: "
                    : "market-intel: ") + store.getMessage());
                return EXIT_FAILED;
            }
            if (ce == null && find(e, MarkedYamlEngineException.class) != null) {
                // a route file that does not parse: where, and what the parser expected (the trace says no more)
                (cli.mode() == Arguments.Mode.CHECK ? out : err).println((cli.mode() == Arguments.Mode.CHECK ? "❌ " : "market-intel: ")
                    + SetupCheck.oneLine(e) + " → fix: correct the YAML there (--check checks every route file)");
                detail().warn("Route file does not parse", e);
                return EXIT_USAGE;
            }
            if (ce == null && cli.mode() == Arguments.Mode.CHECK) {
                out.println("❌ start-up: " + SetupCheck.oneLine(e));
                unexpected("Start-up failed", e, true, err);
                return EXIT_FAILED;
            }
            if (ce != null) {
                err.println("market-intel: " + ce.getMessage());
                return EXIT_USAGE;
            }
            InstanceLock.HeldException held = find(e, InstanceLock.HeldException.class);
            if (held != null) {
                err.println("market-intel: " + held.getMessage());
                return EXIT_FAILED;
            }
            java.nio.file.NoSuchFileException missing = find(e, java.nio.file.NoSuchFileException.class);
            if (missing != null && java.util.Arrays.stream(missing.getStackTrace()).anyMatch(
                    f -> f.getClassName().contains("RoutesCollector"))
                || missing != null && e.toString().contains("RoutesCollector")) {
                // Camel pre-reads routes/ before the settings check runs: same one line, naming the key
                err.println("market-intel: Configuration error: camel.main.routes-include-pattern: routes folder "
                    + java.nio.file.Path.of(missing.getFile()).toAbsolutePath() + " is missing or unreadable (start from"
                    + " the installation folder, which holds routes/)");
                return EXIT_USAGE;
            }
            unexpected("start-up failed", e, readOnly, err);
            return EXIT_FAILED;
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
        return exit.get();
    }

    private static int once(CamelContext camel, Arguments cli, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        IngestRunner runner = camel.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class);
        // the sources, then the snapshot: the window's days, or history from --snapshot-from
        List<RunResult> results = runner.runAll(cli.snapshotFrom());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Reports reports = camel.getRegistry().lookupByNameAndType("reports", Reports.class);
        out.print(reports.summary(results, seconds));
        out.flush();
        return results.stream().allMatch(r -> r.outcome().ok()) ? EXIT_OK : EXIT_FAILED;
    }

    private static int replay(CamelContext camel, String source, PrintStream out) throws Exception {
        DeadLetterReplay replay = camel.getRegistry().lookupByNameAndType("deadLetterReplay", DeadLetterReplay.class);
        List<DeadLetterReplay.Outcome> outcomes = replay.replay(source);
        out.println("Dead letters replayed: " + outcomes.size());
        for (DeadLetterReplay.Outcome o : outcomes) {
            out.println("  " + (o.replayed() ? "✅ " : "❌ ") + o.id() + " [" + o.source() + "] " + o.how()
                + (o.replayed() ? "" : ": " + o.error()));
        }
        out.flush();
        return outcomes.stream().allMatch(DeadLetterReplay.Outcome::replayed) ? EXIT_OK : EXIT_FAILED;
    }

    private static int status(CamelContext camel, PrintStream out) throws Exception {
        Reports reports = camel.getRegistry().lookupByNameAndType("reports", Reports.class);
        out.print(reports.status());
        out.flush();
        return EXIT_OK;
    }

    private static int check(CamelContext camel, PrintStream out) {
        SetupCheck check = camel.getRegistry().lookupByNameAndType("setupCheck", SetupCheck.class);
        List<SetupCheck.Item> items = check.run();
        out.print(SetupCheck.render(items));
        out.flush();
        return items.stream().allMatch(SetupCheck.Item::ok) ? EXIT_OK : EXIT_FAILED;
    }

    private static void scheduler(CamelContext camel) {
        // Camel's own "started" line is in the log file only: the console says it too
        LoggerFactory.getLogger(App.class).info("market-intel started in {} ms: {} routes, each source on its"
            + " schedule (stop with Ctrl-C or SIGTERM)", java.lang.management.ManagementFactory.getRuntimeMXBean()
            .getUptime(), camel.getRoutes().size());
        IngestRunner runner = camel.getRegistry().lookupByNameAndType("ingestRunner", IngestRunner.class);
        // catch up in the background: the scheduler is up and JMX answers while a fresh install fills the database
        Thread t = new Thread(runner::catchUp, "catch-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A failure nobody foresaw: one line on the console, the stack trace in the log file — or, for the verbs that
     * write no file, on the error stream, since it would otherwise be lost.
     */
    private static void unexpected(String what, Exception e, boolean readOnly, PrintStream err) {
        err.println("market-intel: " + what + ": " + SetupCheck.oneLine(e)
            + (readOnly ? "" : " (stack trace in logs/)"));
        if (readOnly) {
            e.printStackTrace(err);
        } else {
            detail().error(what, e);
        }
    }

    /** File only: the stack trace behind a line the console already showed (see log4j2.xml). */
    private static Logger detail() {
        return LoggerFactory.getLogger("market-intel.detail");
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + ": " + r.getMessage();
    }
}
