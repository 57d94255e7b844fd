package io.marketintel.monitor;

import io.marketintel.store.Sql;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the store answers {@code SELECT 1} within {@code health.db-timeout-ms}. Bound as a bean, so Camel's
 * registry health-check repository picks it up next to the route and consumer checks. Not a liveness check: a
 * database outage is not cured by restarting the process.
 */
public final class DataSourceHealthCheck extends AbstractHealthCheck {

    public static final String ID = "data-source";

    private final DataSource ds;
    private final long timeoutMs;

    public DataSourceHealthCheck(DataSource ds, long timeoutMs) {
        super("market-intel", ID);
        this.ds = ds;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("timeout.ms", timeoutMs);
        long t0 = System.nanoTime();
        try {
            ping(ds, timeoutMs);
            builder.detail("elapsed.ms", (System.nanoTime() - t0) / 1_000_000).up();
        } catch (Exception e) {
            builder.message(e.getMessage()).error(e).down();
        }
    }

    /**
     * Runs {@code SELECT 1} on a pooled connection, giving up after {@code timeoutMs}: the pool's own connection
     * timeout is long (a write may legitimately wait for the SQLite lock), a health answer must not be.
     * Throws with a message an operator can act on.
     */
    public static void ping(DataSource ds, long timeoutMs) throws Exception {
        // a daemon thread per call: a hung driver call can never pile up behind a single worker
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, (timeoutMs + 999) / 1000));
                s.execute(Sql.load("health_ping"));
                f.complete(null);
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        }, "db-ping");
        t.setDaemon(true);
        t.start();
        try {
            f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer to SELECT 1 within " + timeoutMs
                + " ms (database unreachable, or its only connection busy with a long write)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException("the database ping failed: " + c.getClass().getSimpleName() + ": " + c.getMessage(), c);
        }
    }
}
