package io.marketintel.monitor;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.marketintel.pipeline.Source;
import io.marketintel.store.Utc;

/**
 * The standard MBean of one source. A JMX console or Jolokia reads the attributes one after the other; the figures
 * are computed once and reused for {@link #CACHE_MS}, so reading all attributes costs one round of queries.
 */
public final class SourceMetrics implements SourceMetricsMBean {

    /** Short enough to stay current, long enough that one "read all attributes" is one set of queries. */
    static final long CACHE_MS = 1000;

    private final Source source;
    private final SourceMonitor monitor;
    private final LongSupplier millis;
    private SourceFigures cached;
    private long cachedAt;

    public SourceMetrics(Source source, SourceMonitor monitor) {
        this(source, monitor, System::currentTimeMillis);
    }

    SourceMetrics(Source source, SourceMonitor monitor, LongSupplier millis) {
        this.source = source;
        this.monitor = monitor;
        this.millis = millis;
    }

    synchronized SourceFigures figures() {
        long now = millis.getAsLong();
        if (cached == null || now - cachedAt >= CACHE_MS || now < cachedAt) {
            cached = monitor.figures(source);
            cachedAt = now;
        }
        return cached;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    @Override
    public long getRedeliveries() {
        return monitor.redeliveries(source);
    }

    @Override
    public String getSource() {
        return source.id();
    }

    @Override
    public boolean isEnabled() {
        return figures().enabled();
    }

    @Override
    public boolean isRunning() {
        return figures().running();
    }

    @Override
    public String getLastSuccessfulRun() {
        return text(figures().lastSuccessfulRun());
    }

    @Override
    public int getRowsLastRun() {
        return figures().rowsLastRun();
    }

    @Override
    public String getLastOutcome() {
        return figures().lastOutcome();
    }

    @Override
    public String getLastError() {
        return text(figures().lastError());
    }

    @Override
    public long getDeadLettersPending() {
        return figures().deadLettersPending();
    }

    @Override
    public String getNewestData() {
        return figures().newest() == null ? "" : Utc.iso(figures().newest());
    }

    @Override
    public long getDataAgeSeconds() {
        return figures().dataAgeSeconds();
    }

    @Override
    public long getSchedulePeriodSeconds() {
        Duration p = figures().period();
        return p == null ? -1 : p.getSeconds();
    }

    @Override
    public boolean isStale() {
        return figures().stale();
    }

    @Override
    public String getProblem() {
        return text(figures().problem());
    }
}
