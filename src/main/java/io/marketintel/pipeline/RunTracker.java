package io.marketintel.pipeline;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
        /** Failed attempts the error policy retried in this run, by cause ("HTTP 429 from /coins/x/ohlc"). */
        private final Map<String, Integer> retries = new LinkedHashMap<>();
        private volatile int unitsTotal;
        private volatile String unitName = "parts";
        private final AtomicInteger unitsDone = new AtomicInteger();
        private volatile long lastProgressNanos = startNanos;

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

        /** Retries in this run. */
        public synchronized int retries() {
            return retries.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** The causes of this run's retries, each with its count, e.g. "HTTP 429 from /coins/bitcoin/ohlc ×2". */
        public synchronized List<String> retryCauses() {
            return retries.entrySet().stream()
                .map(e -> e.getValue() > 1 ? e.getKey() + " ×" + e.getValue() : e.getKey()).toList();
        }

        synchronized void retried(String cause) {
            if (retries.size() < 10 || retries.containsKey(cause)) {
                retries.merge(cause, 1, Integer::sum);
            } else {
                retries.merge("other failures", 1, Integer::sum);
            }
        }

        /** Parts (assets) of the run finished so far, of {@link #unitsTotal()} (0: the run has no parts). */
        public int unitsDone() {
            return unitsDone.get();
        }

        public int unitsTotal() {
            return unitsTotal;
        }

        public String unitName() {
            return unitName;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunTracker.class);

    private final Map<String, Stats> runs = new ConcurrentHashMap<>();
    /** Rows stored since start per source and table ("source table"): what the metrics count. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> storedSinceStart = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<Stats>> endListeners = new CopyOnWriteArrayList<>();
    private final long progressIntervalNanos;

    /** Progress lines at most every 10 s. */
    public RunTracker() {
        this(Duration.ofSeconds(10));
    }

    /** @param progressInterval the least time between two progress lines of a run (run.progress-interval-seconds) */
    public RunTracker(Duration progressInterval) {
        this.progressIntervalNanos = progressInterval.toNanos();
    }
    private final Map<String, AtomicLong> retries = new ConcurrentHashMap<>();

    /**
     * Counts a failed attempt that the error policy will (or may) redeliver, per source. Camel's route MBean
     * {@code Redeliveries} only counts exchanges that finally failed, so a 429 that succeeded on retry shows 0 there.
     */
    public void redelivering(String source) {
        retries.computeIfAbsent(source == null ? "?" : source, k -> new AtomicLong())
            .incrementAndGet();
    }

    /** Redeliveries made by the error policy since start. */
    public long retries(String source) {
        var n = retries.get(source);
        return n == null ? 0 : n.get();
    }

    /** Counts a retried attempt of a run, with its cause (see Failures#retryCause), and per source. */
    public void redelivering(String source, String runId, String cause) {
        redelivering(source);
        Stats s = get(runId);
        if (s != null) {
            s.retried(cause == null ? "unknown failure" : cause);
        }
    }

    /** The runs in progress (a snapshot), oldest first. */
    public List<Stats> inFlight() {
        return runs.values().stream().sorted(Comparator.comparing(Stats::startedAt)).toList();
    }

    /** A run is made of {@code total} parts ({@code name}: "assets"), each reported by {@link #partDone}. */
    public void planned(String runId, int total, String name) {
        Stats s = get(runId);
        if (s != null) {
            s.unitsTotal = total;
            s.unitName = name;
        }
    }

    /**
     * One part of a run finished. Logs a progress line (parts done of all, rows written, elapsed, time left) when
     * the run has more parts to go and the last line is at least the progress interval old: at most one line per
     * part and per interval, whichever is rarer, so a short run prints none.
     */
    public void partDone(String runId, String part) {
        Stats s = get(runId);
        if (s == null) {
            return;
        }
        // one part at a time: parts finishing together on the asset pool still log "1 of N" before "2 of N"
        synchronized (s) {
            int done = s.unitsDone.incrementAndGet();
            int total = s.unitsTotal;
            long now = System.nanoTime();
            if (total > 0 && done == total) {
                // the run's own end line follows at once
                LOG.debug("Run {} of {}: all {} {} done", s.runId, s.source, total, s.unitName);
            }
            if (total == 0 || done >= total || now - s.lastProgressNanos < progressIntervalNanos) {
                return;
            }
            s.lastProgressNanos = now;
            LOG.info("{}", progressLine(s, done, part));
        }
    }

    static String progressLine(Stats s, int done, String part) {
        long elapsed = s.elapsedMs();
        long left = done == 0 ? -1 : elapsed * (s.unitsTotal - done) / done;
        int retries = s.retries();
        return String.format(Locale.ROOT, "Run %s of %s: %d of %d %s done (last: %s), %,d row(s) written, "
                + "%s elapsed, about %s left%s", s.runId, s.source, done, s.unitsTotal, s.unitName, part, s.rows(),
            duration(elapsed), left < 0 ? "?" : duration(left), retries == 0 ? "" : ", " + retries + " retr"
                + (retries == 1 ? "y" : "ies") + " so far");
    }

    /**
     * An answer that parsed but held no records (records-check): a warning naming the source and the call (asset,
     * endpoint, page) in the log and in the run's warnings; nothing stored, nothing removed.
     */
    public void noRecords(Exchange e) {
        String call = e.getProperty(ExchangeProperties.CALL, String.class);
        String warning = e.getProperty(ExchangeProperties.SOURCE, String.class) + (call == null ? "" : " " + call)
            + ": the response held no records; nothing stored, nothing removed";
        LOG.warn(warning);
        warn(e.getProperty(ExchangeProperties.RUN_ID, String.class), warning);
    }

    /** 45 s, 3 min 20 s, 1 h 05 min. */
    static String duration(long ms) {
        long sec = Math.round(ms / 1000.0);
        if (sec < 60) {
            return sec + " s";
        }
        if (sec < 3600) {
            return sec / 60 + " min " + sec % 60 + " s";
        }
        return String.format(Locale.ROOT, "%d h %02d min", sec / 3600, sec % 3600 / 60);
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
            storedSinceStart.computeIfAbsent(s.source + " " + stored.table(), k -> new java.util.concurrent.atomic.AtomicLong())
                .addAndGet(stored.rows());
        }
    }

    /** Rows a source stored into a table since start, over all its runs (a counter for the metrics). */
    public long storedSinceStart(String source, String table) {
        var n = storedSinceStart.get(source + " " + table);
        return n == null ? 0 : n.get();
    }

    /** Called with each run's figures as it ends (the metrics time runs with it). */
    public void onEnd(java.util.function.Consumer<Stats> listener) {
        endListeners.add(listener);
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
        Stats s = runs.remove(runId);
        if (s != null) {
            for (var l : endListeners) {
                l.accept(s);
            }
        }
        return s;
    }
}
