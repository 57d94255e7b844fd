package io.marketintel.cluster;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * The cluster lines of {@code --check}: this machine's clock against the database's (the clock all nodes share) and
 * each live node's check-in against it. Quartz deems a node dead 7.5 s after a missed check-in, by the checking node's
 * clock: nodes whose clocks differ by more take each other's live runs over (double runs), so that is a failure.
 */
public final class ClusterCheck {

    /** One line: passed or not, what was measured, the fix. */
    public record Finding(boolean ok, String name, String detail, String fix) {
    }

    private static final String FIX = "synchronise the clocks of every node (NTP: timedatectl set-ntp true, or chrony)";

    private ClusterCheck() {
    }

    /** Nothing unless this node is clustered or the database holds a cluster's tables. */
    public static List<Finding> run(DataSource ds, String jdbcUrl, boolean clusterEnabled) {
        List<Finding> out = new ArrayList<>();
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            return out;
        }
        try {
            ClusterRepository repo = new ClusterRepository(ds);
            long t0 = System.currentTimeMillis();
            long db = repo.databaseNowMs();
            long t1 = System.currentTimeMillis();
            long skew = (t0 + t1) / 2 - db;
            boolean tables = repo.tablesPresent();
            if (!clusterEnabled && !tables) {
                return out;
            }
            String measured = "this machine's clock is " + Math.abs(skew) + " ms " + (skew >= 0 ? "ahead of" : "behind")
                + " the database's (measured within " + (t1 - t0) + " ms)";
            if (Math.abs(skew) > ClusterSettings.QUARTZ_TOLERANCE_MS) {
                out.add(new Finding(false, "cluster clock", measured + ": more than Quartz's 7.5 s tolerance, so this node"
                    + " and the others would take each other's live runs for dead", FIX));
            } else {
                out.add(new Finding(true, "cluster clock", measured + " (Quartz tolerates 7.5 s; keep it under 1 s)",
                    null));
            }
            if (tables) {
                for (ClusterRepository.Node n : repo.nodes()) {
                    // a check-in stamped later than the database's now: that node's clock runs ahead
                    if (-n.sinceCheckinMs() > ClusterSettings.QUARTZ_TOLERANCE_MS) {
                        out.add(new Finding(false, "cluster node " + n.id(), "its last check-in is "
                            + (-n.sinceCheckinMs()) + " ms ahead of the database's clock: more than Quartz's 7.5 s"
                            + " tolerance", FIX));
                    }
                }
            }
        } catch (SQLException e) {
            out.add(new Finding(false, "cluster clock", "could not read the database's clock: " + e.getMessage(),
                "check db.url and that the database server is up"));
        }
        return out;
    }
}
