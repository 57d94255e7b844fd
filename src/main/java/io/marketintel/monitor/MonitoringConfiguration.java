package io.marketintel.monitor;

import io.marketintel.config.Settings;
import java.time.Clock;

import javax.sql.DataSource;

import io.marketintel.pipeline.IngestRunner;
import io.marketintel.deadletter.DeadLetterRepository;
import io.marketintel.store.RunRepository;
import io.marketintel.pipeline.RunTracker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.LoggerFactory;

/**
 * Monitoring beans, bound after CoreConfiguration (which binds the data source, runner and
 * repositories): the data-source health check, one business MBean per source of the catalog, the API-call log
 * (DEBUG), Jolokia when asked for, and the {@code --check} runner. Listed in {@code camel.main.configuration-classes}.
 */
public class MonitoringConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        Registry r = camel.getRegistry();
        Settings settings = r.lookupByNameAndType("settings", Settings.class);
        int dbTimeoutMs = settings.get(MonitorKeys.HEALTH_DB_TIMEOUT_MS);
        boolean sourceMBeans = settings.get(MonitorKeys.SOURCE_MBEANS);
        boolean jolokia = settings.get(MonitorKeys.JOLOKIA_ENABLED);
        String jolokiaHost = settings.get(MonitorKeys.JOLOKIA_HOST);
        int jolokiaPort = settings.get(MonitorKeys.JOLOKIA_PORT);

        DataSource ds = r.lookupByNameAndType("dataSource", DataSource.class);
        IngestRunner runner = r.lookupByNameAndType("ingestRunner", IngestRunner.class);
        RunRepository runs = r.lookupByNameAndType("runRepository", RunRepository.class);
        DeadLetterRepository deadLetters = r.lookupByNameAndType("deadLetterRepository", DeadLetterRepository.class);
        Clock clock = r.lookupByNameAndType("clock", Clock.class);

        // a HealthCheck bean: camel.health.registry-enabled makes Camel's health registry call it
        r.bind("dataSourceHealthCheck", new DataSourceHealthCheck(ds, dbTimeoutMs));

        SourceMonitor monitor = new SourceMonitor(runner, runs, deadLetters, clock);
        r.bind("sourceMonitor", monitor);
        // readiness detail per source: stale data is DOWN there, the check (and so the process) stays ready
        r.bind("sourcesHealthCheck", new SourcesHealthCheck(monitor, dbTimeoutMs));

        if (settings.optional("camel.metrics.enabled").map(Boolean::parseBoolean).orElse(false)) {
            // our meters go into the registry camel-micrometer-prometheus scrapes (bound here when it is not yet)
            MeterRegistry meters = r.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
            if (meters == null) {
                meters = MetricsRegistry.create();
                r.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
            }
            new SourceMeters(monitor, r.lookupByNameAndType("runTracker", RunTracker.class)).bindTo(meters);
            camel.getManagementStrategy().addEventNotifier(new ApiCallMetrics(meters, monitor.sources()));
        }
        if (sourceMBeans) {
            camel.addService(new SourceMBeans(monitor));
        }

        if (LoggerFactory.getLogger(ApiCallLog.LOGGER).isDebugEnabled()) {
            // only when someone reads it: an event notifier makes Camel time every send
            camel.getManagementStrategy().addEventNotifier(new ApiCallLog());
        }

        String mode = settings.optional("market-intel.mode").orElse("scheduler");
        if (jolokia && "scheduler".equals(mode)) {
            // the long-lived process only: a --status or --check next to it must not fight for the port
            JolokiaAgent agent = new JolokiaAgent(jolokiaHost, jolokiaPort);
            r.bind("jolokia", agent);
            camel.addService(agent);
        }

    }
}
