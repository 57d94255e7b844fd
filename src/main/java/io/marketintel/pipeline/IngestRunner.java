package io.marketintel.pipeline;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import io.marketintel.store.Jdbc;
import io.marketintel.store.RunRepository;
import io.marketintel.store.Sql;
import io.marketintel.store.Utc;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a source: opens its run record, sends one exchange to {@code direct:<source>} carrying the run id, and
 * closes the record with the rows stored, the dead letters and the outcome. Quartz triggers, {@code --once},
 * catch-up at start and replays all come through here, so a source (each part of a sharded one) never runs twice at once on a node.
 */
public final class IngestRunner {


    private static final Logger LOG = LoggerFactory.getLogger(IngestRunner.class);

    private final CamelContext camel;
    private final Sources sources;
    private final RunTracker tracker;
    private final RunRepository runs;
    private final DataSource ds;
    private final Clock clock;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Runs finished since start, by outcome, and the rows they wrote: what a shutdown reports. */
    private final Map<RunResult.Outcome, AtomicInteger> finished = new ConcurrentHashMap<>();
    private final AtomicLong rowsSinceStart = new AtomicLong();
    private volatile List<String> inFlightAtStop = List.of();
    /** Set when Camel begins to stop: no run starts any more, and a run that ends now was cut short by it. */
    private volatile boolean stopping;
    private final AtomicInteger cutShort = new AtomicInteger();
    private volatile ProducerTemplate template;
    /** The fire the current thread's run answers (a clustered node's Quartz listener), or null. */
    private volatile java.util.function.Supplier<ScheduledFire> fires = () -> null;
    /**
     * Set on a clustered node: a catch-up at start and the snapshot after a source's run are handed to the cluster's
     * scheduler (source id, why) instead of run here, so they run once across the nodes and never beside a run of
     * the same job on another node.
     */
    private volatile Handoff clusterHandoff;

    /** One fire of a source's job through the cluster's scheduler, on whichever node takes it. */
    @FunctionalInterface
    public interface Handoff {
        /**
         * {@code job}: the source id, or a part's job ({@link Shard#job}); {@code why} names the trigger;
         * {@code fireTime}: the scheduled fire it stands for, or null. False: the cluster's scheduler refused it (said
         * in the log); true: it is scheduled, or the same one-off is already pending.
         */
        boolean fire(String job, String why, Instant fireTime);
    }

    public IngestRunner(CamelContext camel, Sources sources, RunTracker tracker, RunRepository runs, DataSource ds,
                        Clock clock) {
        this.camel = camel;
        this.sources = sources;
        this.tracker = tracker;
        this.runs = runs;
        this.ds = ds;
        this.clock = clock;
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = camel.createProducerTemplate();
                }
            }
        }
        return template;
    }

    /** A clustered node: each run records its node and scheduled fire time from {@code fires}. */
    public void recordFires(java.util.function.Supplier<ScheduledFire> fires) {
        this.fires = fires;
    }

    /** A clustered node: see {@link #clusterHandoff}. */
    public void handToCluster(Handoff handoff) {
        this.clusterHandoff = handoff;
    }

    /** The dead letters (and what else the database refused, kept as files); null before they are bound. */
    private RunStoreFailures deadLetters() {
        return camel.getRegistry().findSingleByType(RunStoreFailures.class);
    }

    /** The sources this runner runs (their YAML declarations). */
    public Sources sources() {
        return sources;
    }

    /** Redeliveries the error policy made for a source since start (see RunTracker#redelivering). */
    public long redeliveries(String sourceId) {
        return tracker.retries(sourceId);
    }

    public boolean isEnabled(Source s) {
        return Boolean.parseBoolean(property(s.enabledKey(), "false"));
    }

    public List<Source> enabledSources() {
        return sources.sources().stream().filter(this::isEnabled).toList();
    }

    /**
     * The one start-up line saying which sources (and the snapshot) are switched off: they get no trigger (their
     * schedule route does not start), no call, no run record and no replay.
     */
    public String switchedOff() {
        List<String> off = sources.jobs().stream().filter(s -> !isEnabled(s))
            // a switch derived at start-up (auto) says why it is off, not a value the user never wrote
            .map(s -> s.id() + " (" + property(s.enabledKey() + ".from", s.enabledKey() + "="
                + property(s.enabledKey(), "false")) + ")").toList();
        return off.isEmpty() ? "Sources off: none (every source and the snapshot are enabled)"
            : "Sources off: " + String.join(", ", off) + "; they are not triggered, called, run or replayed";
    }

    /** True while a run of the source (or of one of its parts) is in progress. */
    public boolean isRunning(String sourceId) {
        return locks.entrySet().stream().anyMatch(e -> (e.getKey().equals(sourceId)
            || e.getKey().startsWith(sourceId + "#")) && e.getValue().isLocked());
    }

    /** How many parts share a source's scheduled work ({@code <settings>.shards}); 1 when it is not sharded. */
    public int shards(Source s) {
        return s.sharded() ? Integer.parseInt(property(s.shardsKey(), "1").strip()) : 1;
    }

    /**
     * A fire of a source's trigger (the scheduled-source template): part {@code part} of its work when the source is
     * sharded ({@code <settings>.shards} > 1), else the whole source.
     */
    public RunResult runScheduled(String sourceId, int part) {
        int n = shards(sources.byId(sourceId));
        if (n < 2) {
            return runOne(sourceId);
        }
        return run(sourceId, "direct:" + sourceId, null, Map.of(ExchangeProperties.SHARD, new Shard(part, n)));
    }

    /** The start of a scheduled run's results (pipeline.camel.yaml after-run): the source's own. */
    public List<RunResult> results(RunResult r) {
        return new ArrayList<>(List.of(r));
    }

    /**
     * After a scheduled source run that stored rows (the after-run route): the day's snapshot, so it follows the
     * data, added to the results; nothing when the snapshot is off or the runtime is stopping.
     */
    public void snapshotAfter(List<RunResult> results) {
        for (Source d : sources.derived()) {
            if (isEnabled(d) && !stopping) {
                if (clusterHandoff == null) {
                    results.add(runOne(d.id()));
                } else {
                    clusterHandoff.fire(d.id(), results.isEmpty() ? "catch-up" : "after-" + results.get(0).source(), null);
                }
            }
        }
    }

    /** Runs one source (or the snapshot) now, nothing else. */
    public RunResult runOne(String sourceId) {
        return run(sourceId, "direct:" + sourceId, null, Map.of());
    }

    /** Recomputes the snapshot from {@code from} (null: the last snapshot.recompute-days days) up to today. */
    public RunResult runSnapshot(LocalDate from) {
        Source snapshot = sources.derived().get(0);
        return run(snapshot.id(), "direct:" + snapshot.id(), from, Map.of());
    }

    /** Runs a source's route with a given body (replay of a stored payload); same bookkeeping as a normal run. */
    public RunResult run(String sourceId, String endpoint, Object body, Map<String, Object> properties) {
        Source source = sources.byId(sourceId);
        if (stopping) {
            // not reading the thread's fire: on a clustered node its job listener then hands the fire to another node
            LOG.info("Run of {} not started: the runtime is stopping", sourceId);
            return new RunResult(sourceId, null, clock.instant(), 0, 0, Map.of(), 0, RunResult.Outcome.SKIPPED,
                "not started: the runtime is stopping", List.of());
        }
        if (!isEnabled(source)) {
            // the schedule route of a disabled source does not start; this covers any other way in (JMX, a replay)
            LOG.info("Source {} is off ({}=false): not run", sourceId, source.enabledKey());
            return new RunResult(sourceId, null, clock.instant(), 0, 0, Map.of(), 0, RunResult.Outcome.SKIPPED,
                "off (" + source.enabledKey() + "=false)", List.of());
        }
        // one run of a source at a time on this node; each part of a sharded source is a job of its own
        Shard shard = (Shard) properties.get(ExchangeProperties.SHARD);
        String what = shard == null ? sourceId : sourceId + " " + shard;
        ReentrantLock lock = locks.computeIfAbsent(shard == null ? sourceId : sourceId + "#" + shard.index(),
            k -> new ReentrantLock());
        boolean fired = clusterHandoff != null && fires.get() != null;
        if (fired && lock.isLocked() && !lock.isHeldByCurrentThread()) {
            // a clustered node: Quartz lets a one-off fire (catch-up, snapshot after a run) of a stateful job start while
            // the job's scheduled fire is being taken; here that fire waits its turn instead of being dropped
            LOG.info("Source {} is running on this node; this fire waits for it (runs of a source never overlap)",
                what);
        }
        if (fired) {
            lock.lock();
        } else if (!lock.tryLock()) {
            LOG.warn("Source {} is still running; this trigger is skipped (runs of a source never overlap)", what);
            return new RunResult(sourceId, null, clock.instant(), 0, 0, Map.of(), 0, RunResult.Outcome.SKIPPED,
                "still running", List.of());
        }
        try {
            return doRun(sourceId, shard, endpoint, body, properties);
        } finally {
            lock.unlock();
        }
    }

    private RunResult doRun(String sourceId, Shard shard, String endpoint, Object body, Map<String, Object> properties) {
        RunStoreFailures deadLetters = deadLetters();
        if (deadLetters != null) {
            deadLetters.importOrphans();
        }
        RunTracker.Stats stats = tracker.begin(sourceId);
        String runId = stats.runId();
        ScheduledFire fire = fires.get();
        String node = fire == null ? null : fire.node();
        // the snapshot that follows a source's run in the same job answers no fire of its own
        String fireTime = fire == null || fire.fireTime() == null || !fire.answers(sourceId) ? null
            : Utc.iso(fire.fireTime());
        String part = shard == null ? null : shard.code();
        String what = shard == null ? sourceId : sourceId + " (" + shard + ")";
        SQLException startFailed = record("start", () -> runs.started(runId, sourceId, Utc.iso(stats.startedAt()), node,
            fireTime, part));
        if (node == null) {
            LOG.info("Run {} of {} started", runId, what);
        } else {
            LOG.info("Run {} of {} started on node {}{}{}", runId, what, node,
                fireTime == null ? "" : " for the fire of " + fireTime,
                fire.recovering() && fire.answers(sourceId) ? " (re-run: the node that had it died)" : "");
        }
        Exchange result = template().send(endpoint, ex -> {
            ex.setProperty(ExchangeProperties.RUN_ID, runId);
            ex.setProperty(ExchangeProperties.SOURCE, sourceId);
            properties.forEach(ex::setProperty);
            ex.getIn().setBody(body);
        });
        RunTracker.Stats done = tracker.end(runId);
        String error = null;
        // a shutdown that stopped waiting for the run makes Camel reject or interrupt what was left of it
        boolean cut = result.getException() != null && stopping;
        if (cut) {
            error = cutShort(done);
        } else if (result.getException() != null && deadLetters != null
            && Failures.isDiskFull(result.getException())) {
            // expected on a full disk: one line naming the place, no stack trace
            error = deadLetters.storeFailure(result.getException());
            LOG.error("Run {} of {} failed: {}", runId, sourceId, error);
        } else if (result.getException() != null) {
            error = Failures.explain(result.getException(), null, 1, 0);
            LOG.error("Run {} of {} failed outside the error policy: {}", runId, sourceId, error, result.getException());
        } else if (!done.errors().isEmpty()) {
            // the tracker keeps the first errors only: the count of the others is the run's dead letters
            int others = Math.max(done.errors().size(), done.deadLetters()) - 1;
            error = done.errors().get(0) + (others > 0 ? " (+" + others + " more)" : "");
        }
        RunResult.Outcome outcome;
        if (cut) {
            outcome = RunResult.Outcome.ABANDONED;
            cutShort.incrementAndGet();
        } else if (result.getException() != null) {
            outcome = RunResult.Outcome.FAILED;
        } else if (done.deadLetters() > 0) {
            outcome = done.rows() > 0 ? RunResult.Outcome.PARTIAL : RunResult.Outcome.FAILED;
        } else {
            outcome = RunResult.Outcome.SUCCESS;
        }
        Map<String, Integer> byTable = new LinkedHashMap<>();
        done.rowsByTable().forEach((k, v) -> byTable.put(k, v.get()));
        RunResult r = new RunResult(sourceId, runId, done.startedAt(), done.elapsedMs(), done.rows(), byTable,
            done.deadLetters(), outcome, error, List.copyOf(done.warnings()), done.retries(), done.retryCauses());
        String err = error;
        finished.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        rowsSinceStart.addAndGet(r.rows());
        String finishedAt = Utc.now(clock);
        SQLException finishFailed = startFailed != null ? startFailed : record("finish", () -> runs.finished(runId,
            finishedAt, r.durationMs(), r.rows(), r.deadLetters(), r.outcome().name(), err));
        if (finishFailed != null && deadLetters != null) {
            // a full disk: keep the run's end as a file, so it never stays RUNNING (applied before the next run)
            deadLetters.keepRunRecord(r, finishedAt, deadLetters.storeFailure(finishFailed));
        }
        if (cut) {
            LOG.warn("Run {} of {} cut short by the shutdown: {}; recorded as ABANDONED", runId, what, error);
        } else if (outcome.ok()) {
            LOG.info("Run {} of {} finished {}: {} row(s) written in {} ms", runId, what, r.outcomeText(), r.rows(),
                r.durationMs());
        } else {
            LOG.warn("Run {} of {} finished {}: {} row(s) written, {} dead letter(s): {}", runId, what,
                r.outcomeText(), r.rows(), r.deadLetters(), error);
        }
        return r;
    }

    /**
     * After each commit of a run (the run-record route): the run record's rows follow what is committed, so a run
     * cut short (kill -9, crash) still says how many rows it had written when it is marked ABANDONED.
     */
    public void committed(String runId) {
        RunTracker.Stats s = tracker.get(runId);
        if (s != null) {
            int rows = s.rows();
            record("rows", () -> runs.committed(runId, rows));
        }
    }

    /**
     * Camel begins to stop (SIGTERM, Ctrl-C, the end of a verb), before the routes are shut down: says what ran
     * since start and which runs are in flight, with what each has committed, and how long they are waited for.
     */
    public void stopping() {
        stopping = true;
        List<RunTracker.Stats> inFlight = tracker.inFlight();
        inFlightAtStop = inFlight.stream().map(RunTracker.Stats::runId).toList();
        boolean scheduler = "scheduler".equals(property("market-intel.mode", "scheduler"));
        if (inFlight.isEmpty() && !scheduler) {
            return;
        }
        StringBuilder done = new StringBuilder();
        finished.forEach((k, v) -> done.append(done.length() == 0 ? "" : ", ").append(v.get()).append(' ').append(k));
        LOG.info("Stopping: {} run(s) finished since start{}, {} row(s) written; {}", finished.values().stream()
                .mapToInt(AtomicInteger::get).sum(), done.length() == 0 ? "" : " (" + done + ")",
            rowsSinceStart.get(), inFlight.isEmpty() ? "no run in flight, nothing is cut short"
                : inFlight.size() + " run(s) in flight, waited for up to " + property("camel.main.shutdown-timeout", "45")
                    + " s (camel.main.shutdown-timeout):");
        for (RunTracker.Stats st : inFlight) {
            LOG.info("  in flight: {}", describe(st));
        }
    }

    /**
     * After the routes are shut down, before the store closes: a run still in flight was cut short by the shutdown.
     * Its record is closed as ABANDONED with the rows it committed (each batch is committed whole or not at all),
     * and the log says what is left for the next run.
     */
    public void stopped() {
        // a run whose thread is still blocked (a call that does not return) never reached its end: close it here
        List<RunTracker.Stats> hung = tracker.inFlight();
        for (RunTracker.Stats st : hung) {
            String why = cutShort(st);
            record("shutdown", () -> runs.finished(st.runId(), Utc.now(clock), st.elapsedMs(), st.rows(), st.deadLetters(),
                RunResult.Outcome.ABANDONED.name(), why));
            cutShort.incrementAndGet();
            LOG.warn("Run {} of {} cut short by the shutdown: {}; recorded as ABANDONED", st.runId(), st.source(), why);
        }
        if (!inFlightAtStop.isEmpty()) {
            int cut = cutShort.get();
            LOG.info("Stopped: of the {} run(s) in flight, {} finished and {} were cut short (ABANDONED in ingest_run, "
                + "--status shows them)", inFlightAtStop.size(), Math.max(0, inFlightAtStop.size() - cut), cut);
        }
    }

    /** What a run cut short by the shutdown committed and what it leaves for the next run of its source. */
    private static String cutShort(RunTracker.Stats st) {
        String left = st.unitsTotal() > 0
            ? (st.unitsTotal() - st.unitsDone()) + " of " + st.unitsTotal() + " " + st.unitName() + " not finished"
            : "the rest of the run not done";
        return "stopped by the shutdown before it finished; " + st.rows() + " row(s) committed, " + left
            + "; the next run of " + st.source() + " (at start when its data is behind, else at its schedule) fetches what"
            + " is missing";
    }

    private static String describe(RunTracker.Stats st) {
        return st.source() + " (run " + st.runId() + ", started " + Utc.iso(st.startedAt()) + ", "
            + (st.unitsTotal() > 0 ? st.unitsDone() + " of " + st.unitsTotal() + " " + st.unitName() + " done, " : "")
            + st.rows() + " row(s) committed, " + st.deadLetters() + " dead letter(s))";
    }

    /** Every enabled source once, in catalog order, then the snapshot of the default window. */
    public List<RunResult> runAll() {
        return runAll(null);
    }

    /** Every enabled source once, in catalog order, then the snapshot from {@code snapshotFrom} (null: the window). */
    public List<RunResult> runAll(LocalDate snapshotFrom) {
        List<RunResult> out = new ArrayList<>();
        for (Source s : enabledSources()) {
            if (s.eventDriven()) {
                continue;
            }
            out.add(runOne(s.id()));
        }
        for (Source d : sources.derived()) {
            if (isEnabled(d)) {
                out.add(run(d.id(), "direct:" + d.id(), snapshotFrom, Map.of()));
            }
        }
        return out;
    }

    /**
     * At start of the scheduler: each enabled source whose newest data is older than its schedule period runs once
     * now, so a fresh install fills the database at once instead of waiting for the next fire.
     */
    public List<RunResult> catchUp() {
        List<RunResult> out = new ArrayList<>();
        for (Source s : enabledSources()) {
            if (stopping) {
                LOG.info("Catch-up stopped: the runtime is stopping");
                break;
            }
            if (s.eventDriven()) {
                continue;
            }
            try {
                Duration period = Schedules.period(property(s.cronKey(), null));
                Instant newest = newest(s);
                Instant now = clock.instant();
                if (newest == null || s.behind(newest, now).compareTo(period) > 0) {
                    LOG.info("Catch-up: {} newest data {} is behind by more than its schedule period {}{}; {}",
                        s.id(), newest == null ? "(none)" : Utc.iso(newest), period,
                        s.usTradingDays() ? " (counted from the close of the next US trading day)" : "",
                        clusterHandoff == null ? "running it now" : "firing it once through the cluster");
                    if (clusterHandoff == null) {
                        out.add(runOne(s.id()));
                    } else {
                        // every part of a sharded source: the nodes catch up in parallel
                        for (int k = 1; k <= shards(s); k++) {
                            clusterHandoff.fire(Shard.job(s.id(), k), "catch-up", null);
                        }
                    }
                } else {
                    LOG.info("Catch-up: {} is fresh (newest {}), waiting for its schedule", s.id(), Utc.iso(newest));
                }
            } catch (Exception e) {
                LOG.error("Catch-up of {} failed: {}", s.id(), e.getMessage());
            }
        }
        // the window's snapshot is cheap and may be missing or stale even when every source is fresh
        snapshotAfter(out);
        return out;
    }

    /** The newest timestamp a source stored, or null when it stored nothing yet. */
    public Instant newest(Source s) throws SQLException {
        List<Map<String, Object>> rows = Jdbc.query(ds, Sql.load(s.freshnessSql()));
        if (rows.isEmpty()) {
            return null;
        }
        Object v = rows.get(0).values().iterator().next();
        return v == null ? null : Schedules.toInstant(v.toString());
    }

    private String property(String key, String def) {
        return camel.getPropertiesComponent().resolveProperty(key).orElse(def);
    }

    public String property(String key) {
        return property(key, null);
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    /** Writes a run record; returns the failure, null when written. */
    private SQLException record(String what, SqlAction a) {
        try {
            a.run();
            return null;
        } catch (SQLException e) {
            RunStoreFailures deadLetters = deadLetters();
            LOG.error("Could not write the run record ({}): {}", what,
                deadLetters == null ? e.getMessage() : deadLetters.storeFailure(e));
            return e;
        }
    }
}
