package io.marketintel.cluster;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.marketintel.config.ConfigException;
import io.marketintel.config.Settings;
import io.marketintel.store.Database;

/**
 * The cluster keys ({@code cluster.*}), validated with the store they go with: a cluster shares one PostgreSQL;
 * SQLite keeps its single-writer file lock, so {@code cluster.enabled=true} on SQLite is a configuration error.
 */
public record ClusterSettings(boolean enabled, long checkinIntervalMs, long misfireThresholdMs, int threads) {

    /** Quartz deems a node dead when its check-in is this much later than its interval (JobStoreSupport). */
    public static final long QUARTZ_TOLERANCE_MS = 7_500;

    public static ClusterSettings load(Settings settings) {
        boolean enabled = settings.get(ClusterKeys.ENABLED);
        if (enabled && Database.isSqlite(settings.jdbcUrl)) {
            throw new ConfigException("cluster.enabled", "= true needs a shared PostgreSQL (db.url=jdbc:postgresql://…):"
                + " SQLite has one writer per file; set cluster.enabled=false for a single node on SQLite");
        }
        return new ClusterSettings(enabled, settings.get(ClusterKeys.CHECKIN_INTERVAL_MS),
            settings.get(ClusterKeys.MISFIRE_THRESHOLD_MS), settings.get(ClusterKeys.THREADS));
    }

    /**
     * Before a writing verb touches the runs: a node outside the cluster on a database a live cluster uses would fire
     * every schedule a second time (and close the cluster's runs in flight as abandoned at its start), so it is refused;
     * so is a clustered node whose Camel context name differs from the live cluster's (the jobs could not find it).
     * {@code cluster} is this node's cluster name (camel.main.name). SQLite: nothing to check (one writer per file).
     */
    public void checkDatabase(DataSource ds, String jdbcUrl, String cluster) throws SQLException {
        if (Database.isSqlite(jdbcUrl)) {
            return;
        }
        ClusterRepository repo = new ClusterRepository(ds);
        if (!repo.tablesPresent()) {
            return;
        }
        List<ClusterRepository.Node> live = repo.nodes().stream().filter(ClusterRepository.Node::alive).toList();
        if (!enabled && !live.isEmpty()) {
            throw new ConfigException("cluster.enabled", "= false, but a cluster is running on this database ("
                + describe(live) + "): a node outside it would run every schedule a second time; set"
                + " cluster.enabled=true on this node too, or stop the cluster's nodes first");
        }
        List<ClusterRepository.Node> others = live.stream().filter(n -> !n.cluster().equals(cluster)).toList();
        if (enabled && !others.isEmpty()) {
            throw new ConfigException("camel.main.name", "= '" + cluster + "', but cluster '" + others.get(0).cluster()
                + "' is running on this database (" + describe(others) + "): every node of a cluster needs the same"
                + " camel.main.name (its scheduled jobs find their Camel context by that name)");
        }
    }

    private static String describe(List<ClusterRepository.Node> nodes) {
        return nodes.stream().map(n -> "node " + n.id() + " checked in " + Math.max(0, n.sinceCheckinMs()) + " ms ago")
            .collect(Collectors.joining(", "));
    }
}
