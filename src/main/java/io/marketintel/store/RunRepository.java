package io.marketintel.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Owns {@code ingest_run}: one row per run of a source, written at start and completed at the end. */
public final class RunRepository {

    private final DataSource ds;

    public RunRepository(DataSource ds) {
        this.ds = ds;
    }

    public void started(String runId, String source, String startedAt) throws SQLException {
        started(runId, source, startedAt, null, null, null);
    }

    /**
     * A run on a cluster node ({@code node}: its Quartz instance id) for a scheduled fire ({@code fireTime}, or null),
     * of a part of a sharded source's work ({@code part}: {@code 2/3}, or null for the whole).
     */
    public void started(String runId, String source, String startedAt, String node, String fireTime, String part)
        throws SQLException {
        Jdbc.update(ds, Sql.load("insert_ingest_run"), runId, source, startedAt, node, fireTime, part);
    }

    /** Closes a run; returns 0 when no run has that id (its start was never recorded). */
    public int finished(String runId, String finishedAt, long durationMs, int rows, int deadLetters, String outcome,
                        String error) throws SQLException {
        return Jdbc.update(ds, Sql.load("finish_ingest_run"), finishedAt, durationMs, rows, deadLetters, outcome,
            error == null ? null : truncate(error, 2000), runId);
    }

    /** The rows a run still RUNNING has committed so far (only ever raised: parallel commits may report late). */
    public void committed(String runId, int rows) throws SQLException {
        Jdbc.update(ds, Sql.load("update_ingest_run_rows"), rows, runId, rows);
    }

    /** Closes the runs a previous process left RUNNING (it died mid-run); their batches committed wholly or not at all. */
    public int abandonRunning(String at) throws SQLException {
        return Jdbc.update(ds, Sql.load("abandon_running_runs"), at);
    }

    /** The newest run of each source. */
    public List<Map<String, Object>> lastRuns() throws SQLException {
        return Jdbc.query(ds, Sql.load("last_runs"));
    }

    /** The newest finished run of a source (started_at, finished_at, rows, outcome, error...), or null. */
    public Map<String, Object> lastFinishedRun(String source) throws SQLException {
        List<Map<String, Object>> r = Jdbc.query(ds, Sql.load("source_last_run"), source);
        return r.isEmpty() ? null : r.get(0);
    }

    /** When a source last finished a run with outcome SUCCESS, or null. */
    public String lastSuccessAt(String source) throws SQLException {
        List<Map<String, Object>> r = Jdbc.query(ds, Sql.load("source_last_success"), source);
        return r.isEmpty() ? null : (String) r.get(0).get("last_success");
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
