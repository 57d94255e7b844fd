package io.marketintel.monitor;

import io.marketintel.store.Utc;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.marketintel.pipeline.Source;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness check {@code market-intel/sources}: each source's own state is a detail ({@code <source>: UP}, {@code DOWN}
 * with the reason when its data is stale, {@code OFF} when switched off), while the check itself stays UP. Stale data
 * is a reason to alert (the metrics and their alert rule), not to take the process out of service or restart it: a
 * restart cures no provider outage, and an unready process would not even serve the figures that say what is late.
 * The database is the {@link DataSourceHealthCheck}'s concern; when the figures cannot be read in time the details
 * say so.
 */
public final class SourcesHealthCheck extends AbstractHealthCheck {

    public static final String ID = "sources";

    private final SourceMonitor monitor;
    private final long timeoutMs;

    public SourcesHealthCheck(SourceMonitor monitor, long timeoutMs) {
        super("market-intel", ID);
        this.monitor = monitor;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        // one bounded wait for all sources: a hung database must not hold a probe for six timeouts
        CompletableFuture<List<SourceFigures>> f = CompletableFuture.supplyAsync(
            () -> monitor.sources().jobs().stream().map(monitor::figures).toList());
        List<SourceFigures> all;
        try {
            all = f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            builder.detail("problem", "source figures not read within " + timeoutMs + " ms (see check data-source)");
            builder.up();
            return;
        } catch (Exception e) {
            builder.detail("problem", "source figures unavailable: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            builder.up();
            return;
        }
        for (SourceFigures fig : all) {
            String id = fig.source();
            builder.detail(id, !fig.enabled() ? "OFF" : fig.stale() ? "DOWN" : "UP");
            if (fig.stale()) {
                builder.detail(id + ".reason", fig.newest() == null ? "stale: nothing stored yet"
                    : "stale: newest data " + Utc.iso(fig.newest()) + ", " + fig.dataAgeSeconds()
                        + " s old; newer data could have existed for more than twice the schedule period ("
                        + fig.period().getSeconds() + " s)");
            }
            if (fig.problem() != null) {
                builder.detail(id + ".problem", fig.problem());
            }
        }
        builder.up();
    }
}
