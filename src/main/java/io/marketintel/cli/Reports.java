package io.marketintel.cli;

import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.marketintel.deadletter.DeadLetterService;
import io.marketintel.monitor.SourceFigures;
import io.marketintel.monitor.SourceMonitor;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.Schedules;
import io.marketintel.pipeline.RunResult;
import io.marketintel.pipeline.Source;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.marketintel.deadletter.DeadLetterRepository;
import io.marketintel.monitor.StatusSection;
import io.marketintel.store.Jdbc;
import java.util.Collection;
import java.util.function.Supplier;
import io.marketintel.store.RunRepository;
import io.marketintel.store.Sql;

/** The run summary printed after {@code --once} (and logged after scheduled runs), and the {@code --status} page. */
public final class Reports {

    private final DataSource ds;
    private final RunRepository runs;
    private final DeadLetterRepository deadLetters;
    private final IngestRunner runner;
    private final Clock clock;
    private final String store;
    /** Dead letters and run ends the database refused, kept as files (null in tests without them). */
    private final DeadLetterService files;
    /** The sources' own parts of --status (StatusSection beans). */
    private final Supplier<Collection<StatusSection>> sections;
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);
    /** Lines printed at the top of every summary (the demo's recorded-data note); null when none. */
    private volatile String note;

    public Reports(DataSource ds, RunRepository runs, DeadLetterRepository deadLetters, IngestRunner runner, Clock clock,
                   String store, DeadLetterService files, Supplier<Collection<StatusSection>> sections) {
        this.sections = sections;
        this.files = files;
        this.ds = ds;
        this.runs = runs;
        this.deadLetters = deadLetters;
        this.runner = runner;
        this.clock = clock;
        this.store = store;
    }

    /** Lines the summary starts with, e.g. that the run was on recorded data ({@code --demo}); null for none. */
    public void setNote(String note) {
        this.note = note;
    }

    public String summary(List<RunResult> results, double seconds) throws SQLException {
        StringBuilder sb = new StringBuilder();
        String rule = "=".repeat(60) + "\n";
        boolean ok = results.stream().allMatch(r -> r.outcome().ok());
        sb.append(rule).append("CRYPTO MARKET INTELLIGENCE - INGESTION SUMMARY\n").append(rule);
        if (note != null) {
            sb.append(note).append(rule);
        }
        sb.append("Overall Success: ").append(ok ? "True" : "False").append('\n');
        sb.append(String.format(Locale.ROOT, "Duration: %.2f seconds%n", seconds));
        // rows written, not rows present: an hour first sampled, then replaced by its true candle, is written twice
        sb.append("Rows written by this run (inserted or changed; the same row may be written twice):\n");
        for (Map.Entry<String, String> e : labels().entrySet()) {
            Integer rows = null;
            Boolean tableOk = null;
            for (RunResult r : results) {
                if (runner.sources().jobs().stream().anyMatch(s -> s.id().equals(r.source()) && s.tables().contains(e.getKey()))
                    || r.rowsByTable().containsKey(e.getKey())) {
                    rows = (rows == null ? 0 : rows) + r.rowsByTable().getOrDefault(e.getKey(), 0);
                    tableOk = (tableOk == null || tableOk) && r.outcome().ok();
                }
            }
            if (rows != null) {
                sb.append("  • ").append(e.getValue()).append(": ").append(rows).append(tableOk ? " (✅)" : " (❌)")
                    .append('\n');
            }
        }
        sb.append("Rows in the database now:\n");
        for (Map<String, Object> row : Jdbc.query(ds, Sql.load("table_counts"))) {
            sb.append("  • ").append(row.get("table_name")).append(": ").append(row.get("n")).append('\n');
        }
        sb.append("Sources:\n");
        for (RunResult r : results) {
            sb.append(String.format(Locale.ROOT, "  • %s: %s, %d row(s) written, %.2f s", r.source(), r.outcomeText(),
                r.rows(), r.durationMs() / 1000.0));
            if (r.deadLetters() > 0) {
                sb.append(", ").append(r.deadLetters()).append(" dead letter(s)");
            }
            sb.append('\n');
            if (r.error() != null) {
                sb.append("      error: ").append(r.error()).append('\n');
            }
            for (String w : r.warnings()) {
                sb.append("      warning: ").append(w).append('\n');
            }
        }
        sb.append("Dead letters pending: ").append(pendingLine())
            .append(" (java -jar target/market-intel.jar --status lists them)\n");
        sb.append(rule);
        return sb.toString();
    }

    public String status() throws SQLException {
        Instant now = clock.instant();
        StringBuilder sb = new StringBuilder();
        sb.append("market-intel status — store ").append(store).append(" — ").append(now).append('\n');
        sb.append("\nTables (rows, newest, age):\n");
        Map<String, Object> totals = new LinkedHashMap<>();
        for (Map<String, Object> row : Jdbc.query(ds, Sql.load("table_counts"))) {
            totals.put((String) row.get("table_name"), row.get("n"));
        }
        List<Map<String, Object>> detail = Jdbc.query(ds, Sql.load("status_tables"));
        for (Map.Entry<String, Object> t : totals.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  %-24s %8s rows%n", t.getKey(), t.getValue()));
            for (Map<String, Object> d : detail) {
                // an empty table has no newest row: its total line says 0 rows, no detail line
                if (t.getKey().equals(d.get("table_name")) && d.get("newest") != null) {
                    String newest = (String) d.get("newest");
                    sb.append(String.format(Locale.ROOT, "    %-8s %8s rows  newest %-20s age %s%n",
                        d.get("scope") == null ? "-" : d.get("scope"), d.get("n"), newest,
                        newest == null ? "-" : age(Duration.between(Schedules.toInstant(newest), now))));
                }
            }
        }
        for (StatusSection section : sections.get()) {
            sb.append(section.section(now));
        }
        sb.append("\nSources (schedule period, freshness; the figures of the JMX MBeans io.marketintel:type=source):\n");
        SourceMonitor monitor = new SourceMonitor(runner, runs, deadLetters, clock);
        for (Source s : runner.sources().jobs()) {
            sb.append(sourceLines(monitor.figures(s)));
        }
        sb.append("\nLast run of each source:\n");
        List<Map<String, Object>> last = runs.lastRuns();
        if (last.isEmpty()) {
            sb.append("  (no runs yet)\n");
        }
        Map<String, Map<String, Object>> kept = keptRunRecords();
        for (Map<String, Object> db : last) {
            // a run whose end the database refused (disk full) ended as its file says, not RUNNING
            Map<String, Object> r = kept.values().stream().filter(k -> db.get("source").equals(k.get("source"))
                && String.valueOf(k.get("started_at")).compareTo(String.valueOf(db.get("started_at"))) >= 0)
                .max(Comparator.comparing(k -> String.valueOf(k.get("started_at")))).orElse(db);
            sb.append(String.format(Locale.ROOT, "  %-16s %-8s started %s, %s ms, %s row(s) written, %s dead letter(s)%s%s%n",
                r.get("source"), r.get("outcome"), r.get("started_at"), r.get("duration_ms"), r.get("rows"),
                r.get("dead_letters"), r.get("part") == null ? "" : ", part " + r.get("part") + " of its work",
                r == db ? "" : " (run record kept as a file: the database refused it)"));
            if (r.get("error") != null) {
                sb.append("      error: ").append(r.get("error")).append('\n');
            }
        }
        sb.append("\nDead letters pending: ").append(pendingLine()).append('\n');
        for (Map<String, Object> d : deadLetters.pendingSummary()) {
            sb.append(String.format(Locale.ROOT, "  %-16s %4s × %s (last %s)%n", d.get("source"), d.get("n"),
                d.get("error"), d.get("last_failed_at")));
        }
        return sb.toString();
    }

    /**
     * The pending dead letters: those in the table plus those kept only as files (the database refused them, e.g. on
     * a full disk; imported before the next run).
     */
    private String pendingLine() throws SQLException {
        long inTable = deadLetters.countPending();
        int onlyFiles = files == null ? 0 : files.countOnlyInFiles();
        int lost = files == null ? 0 : files.lost();
        return (inTable + onlyFiles) + (onlyFiles == 0 ? "" : " (" + onlyFiles + " kept only as files in "
            + files.directory() + ": the database refused them; imported before the next run)")
            + (lost == 0 ? "" : "; " + lost + " lost: neither the database nor " + files.directory() + " could take "
            + "them (the log has their errors)");
    }

    private Map<String, Map<String, Object>> keptRunRecords() {
        return files == null ? Map.of() : files.keptRunRecords();
    }

    /** The run summary logged after scheduled runs and catch-up (--once prints it instead). */
    public void logSummary(List<RunResult> results) {
        try {
            double seconds = results.stream().mapToLong(RunResult::durationMs).sum() / 1000.0;
            LOG.info("Run summary\n{}", summary(results, seconds));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not build the run summary: {}", e.getMessage());
        }
    }

    /** Each table's label in the summary, in the order the sources declare them. */
    private Map<String, String> labels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Source s : runner.sources().jobs()) {
            s.tables().forEach(t -> out.putIfAbsent(t, s.label(t)));
        }
        return out;
    }

    /** Two lines per source, from the same figures the business MBean exposes. */
    private String sourceLines(SourceFigures f) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %-16s %-8s %-14s newest %-20s age %-6s %s%n", f.source(),
            f.enabled() ? "enabled" : "disabled", f.period() == null ? "on arrival" : "every " + age(f.period()),
            f.newest() == null ? "-" : f.newest().toString(),
            f.dataAgeSeconds() < 0 ? "-" : age(Duration.ofSeconds(f.dataAgeSeconds())),
            f.stale() ? staleWhy(f) : f.enabled() ? "fresh" : "-"));
        sb.append(String.format(Locale.ROOT, "      last success %s, last run %s, %d row(s) written, %s dead letter(s) pending%s%n",
            f.lastSuccessfulRun() == null ? "never" : f.lastSuccessfulRun(), f.lastOutcome(), f.rowsLastRun(),
            f.deadLettersPending() < 0 ? "?" : String.valueOf(f.deadLettersPending()), f.running() ? ", running now" : ""));
        if (f.problem() != null) {
            sb.append("      problem: ").append(f.problem()).append('\n');
        }
        return sb.toString();
    }

    private String staleWhy(SourceFigures f) {
        return runner.sources().byId(f.source()).usTradingDays()
            ? "STALE (a closed US trading day missing for more than twice its period)"
            : "STALE (older than twice its period)";
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return (s / 60) + "m";
        }
        if (s < 172_800) {
            return (s / 3600) + "h";
        }
        return (s / 86_400) + "d";
    }
}
