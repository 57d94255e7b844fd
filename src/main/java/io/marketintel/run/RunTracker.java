package io.marketintel.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.marketintel.store.Stored;

/**
 * The figures of the runs in progress, keyed by run id (carried by every exchange of a run as the exchange
 * property {@code miRunId}, which splits and multicasts copy). No Camel imports.
 */
public final class RunTracker {

    /** One run of one source. */
    public static final class Stats {
        private final String runId;
        private final String source;
        private final Instant startedAt;
        private final long startNanos = System.nanoTime();
        private final AtomicInteger rows = new AtomicInteger();
        private final AtomicInteger deadLetters = new AtomicInteger();
        private final Map<String, AtomicInteger> rowsByTable = new ConcurrentHashMap<>();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final List<String> warnings = new CopyOnWriteArrayList<>();

        Stats(String source, Instant startedAt) {
            this.runId = UUID.randomUUID().toString();
            this.source = source;
            this.startedAt = startedAt;
        }

        public String runId() {
            return runId;
        }

        public String source() {
            return source;
        }

        public Instant startedAt() {
            return startedAt;
        }

        public long elapsedMs() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        public int rows() {
            return rows.get();
        }

        public Map<String, AtomicInteger> rowsByTable() {
            return rowsByTable;
        }

        public int deadLetters() {
            return deadLetters.get();
        }

        public List<String> errors() {
            return errors;
        }

        public List<String> warnings() {
            return warnings;
        }
    }

    private final Map<String, Stats> runs = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> retries = new ConcurrentHashMap<>();

    /**
     * Counts a failed attempt that the error policy will (or may) redeliver, per source. Camel's route MBean
     * {@code Redeliveries} only counts exchanges that finally failed, so a 429 that succeeded on retry shows 0 there.
     */
    public void redelivering(String source) {
        retries.computeIfAbsent(source == null ? "?" : source, k -> new java.util.concurrent.atomic.AtomicLong())
            .incrementAndGet();
    }

    /** Redeliveries made by the error policy since start. */
    public long retries(String source) {
        var n = retries.get(source);
        return n == null ? 0 : n.get();
    }

    public Stats begin(String source) {
        Stats s = new Stats(source, Instant.now());
        runs.put(s.runId(), s);
        return s;
    }

    public Stats get(String runId) {
        return runId == null ? null : runs.get(runId);
    }

    public void stored(String runId, Stored stored) {
        Stats s = get(runId);
        if (s != null && stored != null) {
            s.rows.addAndGet(stored.rows());
            s.rowsByTable.computeIfAbsent(stored.table(), k -> new AtomicInteger()).addAndGet(stored.rows());
        }
    }

    public void deadLettered(String runId, String error) {
        Stats s = get(runId);
        if (s != null) {
            s.deadLetters.incrementAndGet();
            if (s.errors.size() < 20) {
                s.errors.add(error);
            }
        }
    }

    public void warn(String runId, String warning) {
        Stats s = get(runId);
        if (s != null && s.warnings.size() < 50) {
            s.warnings.add(warning);
        }
    }

    public Stats end(String runId) {
        return runs.remove(runId);
    }
}
