package io.marketintel.cluster;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;

/** Reads Quartz's cluster tables (qrtz_*, PostgreSQL) and closes the runs of nodes the cluster found dead. */
public final class ClusterRepository {

    /** One node as Quartz's check-in row shows it, with the database's clock at the time of reading. */
    public record Node(String cluster, String id, long lastCheckinMs, long checkinIntervalMs, long dbNowMs) {
        /** Seen by the database's clock: how long ago the node checked in (negative: its clock is ahead). */
        public long sinceCheckinMs() {
            return dbNowMs - lastCheckinMs;
        }

        /** Alive as Quartz judges it: checked in within its interval plus Quartz's tolerance. */
        public boolean alive() {
            return sinceCheckinMs() < checkinIntervalMs + ClusterSettings.QUARTZ_TOLERANCE_MS;
        }
    }

    private final DataSource ds;

    public ClusterRepository(DataSource ds) {
        this.ds = ds;
    }

    /** Whether the Quartz tables exist (a clustered node migrated this database once). PostgreSQL only. */
    public boolean tablesPresent() throws SQLException {
        return Jdbc.count(ds, Sql.load("cluster_tables_present")) == 1;
    }

    /** Every node of every cluster that has checked in on this database, dead ones included. */
    public List<Node> nodes() throws SQLException {
        return Jdbc.query(ds, Sql.load("cluster_nodes")).stream().map(r -> new Node(String.valueOf(r.get("sched_name")),
            String.valueOf(r.get("instance_name")), number(r.get("last_checkin_time")), number(r.get("checkin_interval")),
            number(r.get("db_now_ms")))).toList();
    }

    /** The database's clock, ms since the epoch. */
    public long databaseNowMs() throws SQLException {
        return Jdbc.count(ds, Sql.load("database_now_ms"));
    }

    /** Closes as ABANDONED the runs left RUNNING by nodes no longer in the cluster; returns how many. */
    public int abandonOrphans(String at, String cluster) throws SQLException {
        return Jdbc.update(ds, Sql.load("abandon_orphaned_runs"), at, cluster);
    }

    /** The newest clustered run of each source: source, node, started_at, outcome. */
    public List<Map<String, Object>> lastRunByNode() throws SQLException {
        return Jdbc.query(ds, Sql.load("cluster_last_run_by_node"));
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
    }
}
