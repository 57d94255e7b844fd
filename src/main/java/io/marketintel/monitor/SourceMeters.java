package io.marketintel.monitor;

import java.time.Duration;
import java.util.function.ToDoubleFunction;

import io.marketintel.pipeline.RunTracker;
import io.marketintel.pipeline.Source;
import io.marketintel.store.Utc;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The runtime's own figures as Micrometer meters, scraped at {@code /observe/metrics} next to Camel's and the JVM's.
 * Nothing is computed again: the gauges read each source's {@link SourceMetrics} (the JMX figures, cached for a
 * second, so one scrape is one round of queries per source), the counters read the {@link RunTracker}. Names follow
 * Prometheus conventions (base units, {@code _total} counters, only {@code source}/{@code table} labels); a figure
 * that does not exist yet (nothing stored, no successful run) is NaN, not a made-up 0.
 */
final class SourceMeters implements MeterBinder {

    /** Runs take from well under a second (a day of Fear &amp; Greed) to minutes (a backfill of many assets). */
    static final Duration[] RUN_BUCKETS = {Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10)};

    private final SourceMonitor monitor;
    private final RunTracker tracker;

    SourceMeters(SourceMonitor monitor, RunTracker tracker) {
        this.monitor = monitor;
        this.tracker = tracker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Source s : monitor.sources().jobs()) {
            SourceMetrics m = new SourceMetrics(s, monitor);
            gauge(registry, "market.intel.source.last.success.timestamp", "seconds", s, m,
                "When the source's last successful run finished (Unix time)",
                x -> x.getLastSuccessfulRun().isEmpty() ? Double.NaN
                    : Utc.parse(x.getLastSuccessfulRun()).toEpochMilli() / 1000.0);
            gauge(registry, "market.intel.source.data.age", "seconds", s, m,
                "Age of the newest data the source stored",
                x -> x.getDataAgeSeconds() < 0 ? Double.NaN : x.getDataAgeSeconds());
            gauge(registry, "market.intel.source.stale", null, s, m,
                "1 when newer data could have existed for more than twice the schedule period (US trading days for ETF flows)",
                x -> x.isStale() ? 1 : 0);
            gauge(registry, "market.intel.source.enabled", null, s, m, "1 when the source is switched on",
                x -> x.isEnabled() ? 1 : 0);
            gauge(registry, "market.intel.source.period", "seconds", s, m,
                "Gap between two fires of the source's schedule (NaN: runs when a file arrives)",
                x -> x.getSchedulePeriodSeconds() < 0 ? Double.NaN : x.getSchedulePeriodSeconds());
            gauge(registry, "market.intel.dead.letters.pending", null, s, m,
                "Dead letters of the source not replayed yet",
                x -> x.getDeadLettersPending() < 0 ? Double.NaN : x.getDeadLettersPending());
            FunctionCounter.builder("market.intel.retries", s, x -> monitor.redeliveries(x))
                .description("Failed attempts the error policy retried since start").tag("source", s.id())
                .register(registry);
            for (String table : s.tables()) {
                FunctionCounter.builder("market.intel.rows.stored", tracker, t -> t.storedSinceStart(s.id(), table))
                    .description("Rows written (inserted or changed) since start").tag("source", s.id())
                    .tag("table", table).register(registry);
            }
            Timer runs = Timer.builder("market.intel.run.duration").description("Duration of the source's runs")
                .tag("source", s.id()).serviceLevelObjectives(RUN_BUCKETS).register(registry);
            tracker.onEnd(st -> {
                if (st.source().equals(s.id())) {
                    runs.record(Duration.ofMillis(st.elapsedMs()));
                }
            });
        }
    }

    private static void gauge(MeterRegistry registry, String name, String unit, Source s, SourceMetrics m,
                              String description, ToDoubleFunction<SourceMetrics> f) {
        Gauge.builder(name, m, f).description(description).baseUnit(unit).tag("source", s.id()).strongReference(true)
            .register(registry);
    }
}
