package io.marketintel.cluster;

import io.marketintel.config.Key;
import io.marketintel.config.KeyCatalog;

/** The cluster's keys (several nodes on one PostgreSQL; README "Run a cluster"). */
public final class ClusterKeys implements KeyCatalog {

    public static final Key<Boolean> ENABLED = Key.bool("cluster.enabled", "false",
        "true on every node of a cluster: Quartz's clustered JDBC job store in db.url (PostgreSQL only) fires each"
            + " schedule on exactly one node and re-runs a run in flight on a node that dies; the nodes need the same"
            + " camel.main.name. false: one node; a node with false is refused on a database a live cluster uses (it"
            + " would run every schedule again)");
    public static final Key<Integer> CHECKIN_INTERVAL_MS = Key.integer("cluster.checkin-interval-ms", "15000", 500,
        600_000, "how often a node checks in; a node silent for this plus 7.5 s (Quartz's tolerance) is taken over by"
            + " another");
    public static final Key<Integer> MISFIRE_THRESHOLD_MS = Key.integer("cluster.misfire-threshold-ms", "60000", 1_000,
        86_400_000, "a fire later than this (its stateful job still running, a take-over, the cluster down) is skipped"
            + " (misfire), not run late; shorter ones run late, in order");
    public static final Key<Integer> THREADS = Key.integer("cluster.threads", "6", 1, 50,
        "Quartz worker threads per node: jobs of different sources running at once on one node; 1: a node busy with a"
            + " job takes no other fire, so the parts of a sharded source (coingecko.shards) always run on different"
            + " nodes");
}
