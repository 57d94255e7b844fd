package io.marketintel;

import io.marketintel.monitor.MisfireLogger;
import io.marketintel.pipeline.Failures;
import io.marketintel.store.Utc;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import io.marketintel.config.ApiKeys;
import io.marketintel.config.CoreKeys;
import io.marketintel.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.marketintel.http.Answers;
import io.marketintel.backup.CsvBackup;
import io.marketintel.reload.GuardedRouteReload;
import io.marketintel.deadletter.DeadLetterReplay;
import io.marketintel.deadletter.DeadLetterService;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.ShardRoutes;
import io.marketintel.pipeline.Sources;
import io.marketintel.monitor.StatusSection;
import io.marketintel.cli.SetupCheck;
import io.marketintel.pipeline.PipelineKeys;
import io.marketintel.cli.Reports;
import io.marketintel.pipeline.RunTracker;
import io.marketintel.store.Database;
import io.marketintel.store.InstanceLock;
import io.marketintel.deadletter.DeadLetterRepository;
import io.marketintel.store.RunRepository;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's beans, bound in the order they depend on each other: validated settings first (a bad value stops
 * start-up here, before anything is opened), then the store (pool, pragmas checked, migrations), then the
 * repositories, mappers and run plumbing the routes call by name ({@code bean:sentimentRepository?method=upsert}).
 * Listed in {@code camel.main.configuration-classes}; no classpath scanning.
 */
public class CoreConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CoreConfiguration.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        Registry r = camel.getRegistry();
        // bound beforehand by App (DemoMode binds none: the demo sends no key) or a test; otherwise the environment
        ApiKeys apiKeys = r.lookupByNameAndType("apiKeys", ApiKeys.class);
        if (apiKeys == null) {
            apiKeys = ApiKeys.environment();
            r.bind("apiKeys", apiKeys);
        }
        Settings settings = Settings.load(key -> camel.getPropertiesComponent().resolveProperty(key), apiKeys);
        Clock clock = Clock.systemUTC();
        r.bind("settings", settings);
        r.bind("clock", clock);
        // cluster.* (refuses cluster.enabled=true on SQLite before anything is opened)
        io.marketintel.cluster.ClusterSettings cluster = io.marketintel.cluster.ClusterSettings.load(settings);
        r.bind("clusterSettings", cluster);

        String mode = camel.getPropertiesComponent().resolveProperty("market-intel.mode").orElse("scheduler");
        if (!"check".equals(mode)) {
            // --check prints each as a line of its own
            settings.keyProblems.forEach(p -> LOG.warn("Configuration: {}", p));
        }
        // --status and --check write nothing, so they run next to a live scheduler without its lock
        boolean readOnlyVerb = "status".equals(mode) || "check".equals(mode);
        if (!readOnlyVerb && Database.isSqlite(settings.jdbcUrl)) {
            Path dbFile = Path.of(settings.jdbcUrl.substring("jdbc:sqlite:".length()));
            InstanceLock instanceLock = InstanceLock.acquire(Path.of(dbFile + ".lock"), dbFile.toString());
            camel.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    instanceLock.close();
                }
            });
        }
        // the read-only verbs open the store read-only and never create it: --status on a mistyped db.path says the
        // database is missing instead of creating an empty one; --check reports a store not created yet
        HikariDataSource ds = readOnlyVerb ? Database.openReadOnly(settings.db, "check".equals(mode))
            : Database.open(settings.db);
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                ds.close();
            }
        });
        if (Database.isSqlite(settings.jdbcUrl) && !readOnlyVerb) {
            Database.verifySqlitePragmas(ds, settings.db);
        }
        if ("check".equals(mode)) {
            // --check reports the schema version; migrating would be a write
            LOG.info("Store {}: migrations not applied by --check", settings.jdbcUrl);
        } else if (readOnlyVerb) {
            // --status reads what is there; a store the last build left behind is migrated by the next writer
            Map<String, String> info = Database.schemaInfo(ds);
            if (!"0".equals(info.get("pending"))) {
                throw new Database.StoreException("the database " + settings.jdbcUrl.replaceFirst("^jdbc:sqlite:", "")
                    + " is at schema version " + info.get("current") + ", " + info.get("pending") + " migration(s) behind"
                    + " this build: run --once (or start the scheduler) once to migrate it, then --status", null);
            }
        } else {
            String version = Database.migrate(ds);
            LOG.info("Store {} at schema version {}", settings.jdbcUrl, version);
        }
        r.bind("dataSource", ds);

        RunTracker tracker = new RunTracker(
            Duration.ofSeconds(settings.get(PipelineKeys.PROGRESS_INTERVAL_SECONDS)));
        RunRepository runs = new RunRepository(ds);
        DeadLetterRepository deadLetterRepository = new DeadLetterRepository(ds);
        String store = Database.isSqlite(settings.jdbcUrl) ? settings.jdbcUrl.substring("jdbc:sqlite:".length())
            : settings.jdbcUrl;
        DeadLetterService deadLetters = new DeadLetterService(deadLetterRepository, tracker, settings.deadLetterDir, clock,
            settings.responseTimeoutMs).stores(new DeadLetterService.Stores(store, settings.backupDir, runs));
        if (!readOnlyVerb) {
            // before the runs are touched: a node outside a live cluster on its database (or in another one) is refused
            cluster.checkDatabase(ds, settings.jdbcUrl, camel.getName());
            // run ends the database refused (a full disk) were kept as files: apply them before abandoning
            deadLetters.applyKeptRunRecords();
            // this process holds the single-writer lock: a run still RUNNING was cut short by a crash or kill (in a
            // cluster the other nodes' runs are live: the cluster closes the runs of the nodes it finds dead)
            try {
                int abandoned = cluster.enabled() ? 0 : runs.abandonRunning(Utc.now(clock));
                if (abandoned > 0) {
                    LOG.warn("{} run(s) were cut short by the previous process (killed or crashed); marked ABANDONED",
                        abandoned);
                }
            } catch (SQLException e) {
                if (!Failures.isDiskFull(e)) {
                    throw e;
                }
                // a full disk stops writes, not the runtime: each run then says so and keeps its dead letters as files
                LOG.error("Runs left RUNNING by the previous process not marked ABANDONED yet: {}",
                    deadLetters.storeFailure(e));
            }
        }
        r.bind("runTracker", tracker);
        r.bind("runRepository", runs);
        r.bind("deadLetterRepository", deadLetterRepository);
        r.bind("deadLetters", deadLetters);
        // the catalog: every source as its YAML declaration in routes/ states it (pipeline/Sources)
        Sources sources = Sources.load(camel, settings.routesIncludePattern());
        r.bind("sources", sources);
        IngestRunner runner = new IngestRunner(camel, sources, tracker, runs, ds, clock);
        r.bind("ingestRunner", runner);
        // the triggers of a sharded source's parts 2..n (Camel Main adds registry route builders after the route files)
        r.bind("shardRoutes", new ShardRoutes(sources, runner::shards));
        // a shutdown (SIGTERM) says what ran and what is in flight before the routes stop, and closes the run records
        // of what it cut short after they stopped; added after the data source, so it is stopped before it closes
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                runner.stopping();
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }
        });
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                runner.stopped();
            }
        });
        r.bind("reports", new Reports(ds, runs, deadLetterRepository, runner, clock, store, deadLetters,
            () -> camel.getRegistry().findByType(StatusSection.class)));
        r.bind("setupCheck", new SetupCheck(camel, settings, ds));
        r.bind("csvBackup", new CsvBackup(ds, settings.backupDir, clock));
        // the step after each data call: an empty 2xx body fails the call (retried by the policy)
        r.bind("answers", new Answers());
        r.bind("deadLetterReplay", new DeadLetterReplay(camel, runner, deadLetterRepository, clock));

        // misfires (a fire blocked by a still-running run) are logged, not silently dropped
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                var quartz = camel.hasComponent("quartz");
                if (quartz instanceof QuartzComponent q && q.getScheduler() != null) {
                    q.getScheduler().getListenerManager().addTriggerListener(new MisfireLogger());
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent;
            }
        });

        if (settings.get(CoreKeys.LIVE_RELOAD)) {
            // not camel.main.routes-reload-enabled: Camel's reload drops a route whose edit does not start
            GuardedRouteReload reload = new GuardedRouteReload(settings.get(CoreKeys.LIVE_RELOAD_DIRECTORY),
                "*.camel.yaml");
            r.bind("routeReload", reload);
            camel.addService(reload);
        }
    }
}
