package io.marketintel;

import io.marketintel.monitor.MetricsRegistry;
import io.marketintel.server.ServerConfiguration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import java.io.PrintStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.marketintel.cli.Arguments;
import io.marketintel.cli.ReplayCommand;
import io.marketintel.cli.Command;
import io.marketintel.cli.ReadOnlyLogging;
import io.marketintel.config.ApiKeys;
import io.marketintel.config.Settings;
import io.marketintel.demo.DemoMode;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.logging.log4j.LogManager;

/**
 * Entry point: parses the verbs, then runs Camel Main with the installation's {@code application.properties}
 * (working directory) over the defaults packed in the jar. {@code new Main()} without a class: no classpath
 * scanning; route builders and configuration classes are listed in the properties. Each verb is a class of its own
 * ({@link Command}); a failure becomes its one line and exit code in {@link StartupFailures}.
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
        if (cli.source() != null) {
            // before anything starts: a mistyped --source is the one line of a usage error
            String unknown = ReplayCommand.unknownSource(cli.source(), LOCATIONS, overrides);
            if (unknown != null) {
                err.println("market-intel: " + unknown);
                return EXIT_USAGE;
            }
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
        StartupFailures failures = new StartupFailures(cli.mode(), readOnly, out, err);
        Main main = new Main();
        main.setPropertyPlaceholderLocations(LOCATIONS);
        Properties props = new Properties();
        props.putAll(overrides);
        main.bind("apiKeys", apiKeys);
        DemoMode demo = null;
        if (cli.demo()) {
            try {
                // the caller's overrides (tests) still win over the demo's settings
                demo = DemoMode.start(main, props, cli.mode() != Arguments.Mode.STATUS);
            } catch (DemoMode.NotStarted e) {
                err.println("market-intel: " + e.getMessage());
                return EXIT_FAILED;
            }
        }
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
        AtomicInteger exit = new AtomicInteger(EXIT_OK);
        if (cli.mode() == Arguments.Mode.SCHEDULER) {
            // before Camel Main sets up camel-micrometer-prometheus, which then scrapes this registry (see its class)
            main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, MetricsRegistry.create());
        }
        // the HTTP server's credentials come from the same environment, in the demo too
        main.bind(ServerConfiguration.ENVIRONMENT_BEAN, apiKeys);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                PropertiesComponent pc = m.getCamelContext().getPropertiesComponent();
                String routes = pc.resolveProperty("camel.main.routes-include-pattern").orElse("");
                if (readOnly) {
                    // Camel Main pre-parses every route file it is to load, and a file that does not parse stops it
                    // (routes-collector-ignore-loading-error does not cover that step): it loads none, and --check
                    // parses each file itself from the pattern kept here
                    pc.addOverrideProperty(Settings.ROUTES_PATTERN, routes);
                    pc.addOverrideProperty("camel.main.routes-include-pattern", "classpath:read-only-verbs-load-no-routes/*.yaml");
                } else {
                    // Camel reads routes/ next, before the settings are checked: a missing folder is the settings'
                    // one line naming the key, not Camel's NoSuchFileException
                    Settings.routesFolder("camel.main.routes-include-pattern", routes);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                Command verb = null;
                try {
                    verb = Command.of(cli, m.getCamelContext());
                    exit.set(verb.run(m.getCamelContext(), out) ? EXIT_OK : EXIT_FAILED);
                } catch (Exception e) {
                    exit.set(failures.verbFailed(e));
                }
                if (verb == null || !verb.longLived()) {
                    main.completed();
                }
            }
        });
        try {
            main.run();
        } catch (Exception e) {
            return failures.startFailed(e);
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
        return exit.get();
    }
}
