package io.marketintel.cluster;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/** The cluster part of {@code --status}: the nodes Quartz knows (last check-in) and which node ran each source last. */
public final class ClusterStatus {

    private ClusterStatus() {
    }

    /** Empty unless the database holds a cluster's tables (PostgreSQL, a clustered node ran on it). */
    public static String section(DataSource ds, String jdbcUrl) throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "";
        }
        ClusterRepository repo = new ClusterRepository(ds);
        if (!repo.tablesPresent()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nCluster nodes (Quartz check-ins on this database; a node silent for its"
            + " interval + 7.5 s is taken over):\n");
        List<ClusterRepository.Node> nodes = repo.nodes();
        if (nodes.isEmpty()) {
            sb.append("  (none has checked in)\n");
        }
        for (ClusterRepository.Node n : nodes) {
            sb.append(String.format(Locale.ROOT, "  %-12s %-40s %-5s last check-in %.1f s ago (every %.1f s)%n",
                n.cluster(), n.id(), n.alive() ? "alive" : "gone", n.sinceCheckinMs() / 1000.0,
                n.checkinIntervalMs() / 1000.0));
        }
        List<Map<String, Object>> last = repo.lastRunByNode();
        if (!last.isEmpty()) {
            sb.append("Node that ran each source last (each part of a sharded source):\n");
            for (Map<String, Object> r : last) {
                String source = r.get("part") == null ? String.valueOf(r.get("source"))
                    : r.get("source") + " part " + r.get("part");
                sb.append(String.format(Locale.ROOT, "  %-16s %-40s %-9s started %s%n", source, r.get("node"),
                    r.get("outcome"), r.get("started_at")));
            }
        }
        return sb.toString();
    }
}
