package io.marketintel.acceptance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README "Run a cluster": three nodes (the packaged jar, each from its own installation with its own imitation of the
 * APIs) on one PostgreSQL with {@code cluster.enabled=true}, crons every second, CoinGecko's two assets in two parts
 * ({@code coingecko.shards=2}). Each scheduled fire (of each part) runs exactly once across the nodes, and the parts of
 * one fire run on different nodes at once; {@code kill -9} of the node in a long CoinGecko backfill hands its part of
 * the fire to another node, which completes it to the same tables a single node writes; a rolling restart loses and
 * doubles no fire; a node outside the cluster and a cluster on SQLite are refused at start, naming the key.
 */
class ClusterIT {

    /** Fear & Greed and the snapshot fire every second: the fires counted. */
    private static final String EVERY_SECOND = "* * * * * ?";
    private static final Duration NODE_START = Duration.ofSeconds(90);
    /** CoinGecko's parts: bitcoin is part 1 of 2, ethereum part 2 of 2. */
    private static final List<String> PARTS = List.of("1/2", "2/2");
    /** Each forward call's answer waits this long: the parts of one fire, on two nodes, visibly overlap. */
    private static final long FORWARD_CALL_MS = 1500;

    static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE single_node");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** One node: its installation, its process, the Quartz instance id it announced. */
    static final class Node implements AutoCloseable {
        final UserInstall install;
        final AtomicBoolean slowBackfill = new AtomicBoolean();
        final AtomicBoolean backfillAsked = new AtomicBoolean();
        Process process;
        String id;

        Node() throws Exception {
            install = new UserInstall();
            install.timing("feargreed.cron", EVERY_SECOND).timing("snapshot.cron", EVERY_SECOND)
                .timing("coingecko.cron", "0/15 * * * * ?").timing("cluster.checkin-interval-ms", "1000")
                .timing("coingecko.shards", "2")
                // one job at a time per node (README "Run a cluster"): a node busy with one part takes no other, so the
                // two parts of a fire always run on two nodes
                .timing("cluster.threads", "1");
            for (String coin : List.of("bitcoin", "ethereum")) {
                install.apis.answer("/api/v3/coins/" + coin + "/ohlc", req -> {
                    sleep(FORWARD_CALL_MS);
                    return install.apis.recording(req);
                });
                // a long backfill when the test asks for one: the answer to market_chart waits
                install.apis.answer("/api/v3/coins/" + coin + "/market_chart", req -> {
                    if (slowBackfill.get()) {
                        backfillAsked.set(true);
                        sleep(3000);
                    }
                    return install.apis.recording(req);
                });
            }
        }

        Node start() throws Exception {
            return launch().awaitUp();
        }

        Node launch() throws Exception {
            process = install.start(clusterDb("postgres"), "-Dcluster.enabled=true");
            return this;
        }

        Node awaitUp() throws Exception {
            await().atMost(NODE_START).pollInterval(Duration.ofMillis(200)).until(() -> nodeId(install) != null
                || !process.isAlive());
            assertTrue(process.isAlive(), "node did not start:\n" + install.stdout() + install.stderr());
            id = nodeId(install);
            return this;
        }

        /** SIGTERM, as a service manager stops a node, and its exit. */
        void stop() throws Exception {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "node " + id + " did not stop on SIGTERM");
        }

        @Override
        public void close() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            install.close();
        }
    }

    @Test
    void should_run_each_fire_once_across_three_nodes_take_over_a_killed_node_and_survive_a_rolling_restart()
        throws Exception {
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(new Node());
            }
            for (Node n : nodes) {
                n.launch();
            }
            for (Node n : nodes) {
                n.awaitUp();
            }
            Instant allUp = Instant.now();
            // the catch-up at start (an empty store) filled CoinGecko once, on one node
            await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM ingest_run WHERE source ="
                + " 'coingecko-ohlc' AND outcome = 'SUCCESS'") >= 1);

            // ---- 1. every fire once, over at least 20 fires of each counted source
            Instant from = allUp.plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
            // (the check over the whole test at the end counts every fire of all phases: well over 20 of each source)
            await().atMost(Duration.ofSeconds(90)).until(() -> fires("fear-greed", from, Instant.now()).size() >= 12);
            Instant to = Instant.now().minusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            Map<String, Integer> steady = assertEachFireOnce(from, to, "steady state");
            System.out.println("ClusterIT fires per node, three nodes up " + from + " .. " + to + ": " + steady);

            // ---- 2. kill -9 of the node in a long CoinGecko backfill
            // the recorded candles move by an hour once an hour (at their last sample's minute): the cluster and the
            // single node must fetch between two moves
            await().atMost(Duration.ofSeconds(100)).until(() -> Duration.between(Instant.now(),
                nodes.get(0).install.apis.nextCoinGeckoShift()).getSeconds() > 75);
            // between two CoinGecko fires (:00 :15 :30 :45), none in flight: the candles go at once, not under a run
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().getEpochSecond() % 15 >= 2
                && Instant.now().getEpochSecond() % 15 <= 10
                && count("SELECT COUNT(*) FROM ingest_run WHERE source = 'coingecko-ohlc' AND outcome = 'RUNNING'") == 0);
            nodes.forEach(n -> n.slowBackfill.set(true));
            // an outage: the candles are gone, so the next CoinGecko fire backfills the window
            update("DELETE FROM ohlc_hourly");
            await().atMost(Duration.ofSeconds(40)).until(() -> nodes.stream().anyMatch(n -> n.backfillAsked.get()));
            Node victim = nodes.stream().filter(n -> n.backfillAsked.get()).findFirst().orElseThrow();
            victim.process.destroyForcibly();
            Instant killedAt = Instant.now();
            victim.process.waitFor(20, TimeUnit.SECONDS);
            // meanwhile, the same data from one node alone, on a database of its own
            UserInstall single = new UserInstall();
            Process alone = single.start("--once", singleDb());
            // the parts of the fire the killed node had in flight (both, when it had taken both)
            List<String> cut = strings("SELECT fire_time || ' ' || part FROM ingest_run WHERE source = 'coingecko-ohlc'"
                + " AND node = ? AND outcome IN ('RUNNING', 'ABANDONED') AND fire_time IS NOT NULL", victim.id);
            assertTrue(!cut.isEmpty(), "the killed node had a part of a CoinGecko fire in flight");
            for (String c : cut) {
                String fire = c.split(" ")[0];
                String part = c.split(" ")[1];
                await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM ingest_run WHERE source ="
                    + " 'coingecko-ohlc' AND fire_time = ? AND part = ? AND outcome = 'SUCCESS'", fire, part) == 1);
                String takenOverBy = strings("SELECT node FROM ingest_run WHERE source = 'coingecko-ohlc' AND fire_time = ?"
                    + " AND part = ? AND outcome = 'SUCCESS'", fire, part).get(0);
                assertNotEquals(victim.id, takenOverBy, "another node completed the fire");
                Instant resumed = Instant.parse(strings("SELECT started_at FROM ingest_run WHERE source = 'coingecko-ohlc'"
                    + " AND fire_time = ? AND part = ? AND outcome = 'SUCCESS'", fire, part).get(0));
                System.out.println("ClusterIT failover: node " + victim.id + " killed at " + killedAt + " in part " + part
                    + " of the fire of " + fire + "; node " + takenOverBy + " re-ran it at " + resumed + " ("
                    + Duration.between(killedAt, resumed).toMillis() + " ms later, check-in 1000 ms + Quartz's 7500 ms)");
                assertEquals("ABANDONED", strings("SELECT outcome FROM ingest_run WHERE source = 'coingecko-ohlc' AND"
                    + " fire_time = ? AND part = ? AND node = ?", fire, part, victim.id).get(0),
                    "the killed node's run is closed as abandoned");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT COUNT(*) FROM ingest_run WHERE node = ? AND"
                + " outcome = 'RUNNING'", victim.id) == 0);
            assertEquals(0, count("SELECT COUNT(*) FROM (SELECT asset, ts_utc FROM ohlc_hourly GROUP BY asset, ts_utc"
                + " HAVING COUNT(*) > 1) d"), "no duplicate candle");

            try (single) {
                assertTrue(alone.waitFor(120, TimeUnit.SECONDS), "the single node's --once ended");
                assertEquals(0, alone.exitValue(), single.stdout() + single.stderr());
            }
            Map<String, String> cluster = checksums("postgres");
            Map<String, String> oneNode = checksums("single_node");
            System.out.println("ClusterIT checksums (md5 of the rows, ingestion times left out): cluster " + cluster
                + ", single node " + oneNode);
            assertEquals(oneNode, cluster, "the cluster's tables equal a single node's; rows only in the cluster: "
                + onlyIn("postgres", "single_node") + "; only in the single node's: " + onlyIn("single_node", "postgres"));
            nodes.forEach(n -> n.slowBackfill.set(false));

            // ---- 3. rolling restart: each node stopped (SIGTERM) and started again, one after the other
            victim.start();
            Instant rollFrom = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
            for (Node n : nodes) {
                String before = n.id;
                n.stop();
                n.start();
                assertNotEquals(before, n.id, "a restarted node joins under a new instance id");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> fires("fear-greed", Instant.now().minusSeconds(4),
                Instant.now()).size() >= 2);
            Instant rollTo = Instant.now().minusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            Map<String, Integer> rolling = assertEachFireOnce(rollFrom, rollTo, "rolling restart");
            System.out.println("ClusterIT fires per node, rolling restart " + rollFrom + " .. " + rollTo + ": " + rolling);

            // the whole test, the kill and the take-over included: no fire lost, none doubled
            assertEachFireOnce(from, rollTo, "whole test");
            for (String part : PARTS) {
                assertEachFireOnce("coingecko-ohlc", part, 15, from, rollTo, "whole test");
            }
            Map<String, Integer> all = firesPerNode(from, rollTo);
            System.out.println("ClusterIT fires per node over the whole test: " + all);
            assertTrue(all.size() > 1, "the fires spread over more than one node: " + all);
            // the work is shared: the two parts of a CoinGecko fire ran on two nodes at the same time
            List<String> together = strings("SELECT a.fire_time || ' ' || a.node || ' ' || b.node FROM ingest_run a"
                + " JOIN ingest_run b ON b.source = a.source AND b.fire_time = a.fire_time AND b.part = '2/2'"
                + " WHERE a.source = 'coingecko-ohlc' AND a.part = '1/2' AND a.outcome = 'SUCCESS' AND b.outcome ="
                + " 'SUCCESS' AND a.node <> b.node AND a.started_at < b.finished_at AND b.started_at < a.finished_at"
                + " AND a.fire_time >= ? AND a.fire_time <= ? ORDER BY a.fire_time", from.toString(), rollTo.toString());
            long coingeckoFires = count("SELECT COUNT(DISTINCT fire_time) FROM ingest_run WHERE source = 'coingecko-ohlc'"
                + " AND fire_time >= ? AND fire_time <= ?", from.toString(), rollTo.toString());
            System.out.println("ClusterIT shards: of " + coingeckoFires + " CoinGecko fires, " + together.size()
                + " ran their two parts on two nodes at once: " + together);
            assertTrue(!together.isEmpty(), "the parts of a CoinGecko fire ran on two nodes at once");

            // each node's log names the jobs with their stored next fire, not camel-quartz's untrue "null"
            for (Node n : nodes) {
                String logs = n.install.logs();
                assertTrue(logs.contains("Cluster 'market-intel': jobs coingecko-ohlc (next 20"), logs);
                assertTrue(logs.contains(", coingecko-ohlc-part2 (next 20"), logs);
                assertFalse(logs.contains("Next fire date is null"), "no untrue next fire in the log of " + n.id);
            }

            // ---- 4. --status lists the nodes; --check flags a node whose clock runs ahead; a node outside is refused
            update("INSERT INTO qrtz_scheduler_state VALUES ('market-intel', 'skewed-node',"
                + " CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) + 120000, 1000)");
            try (UserInstall status = new UserInstall(); UserInstall check = new UserInstall();
                 UserInstall outsider = new UserInstall()) {
                Process st = status.start("--status", clusterDb("postgres"));
                Process ck = check.start("--check", clusterDb("postgres"), "-Dcluster.enabled=true");
                UserInstall.Result refused = outsider.run(90, clusterDb("postgres"));
                assertTrue(st.waitFor(60, TimeUnit.SECONDS) && ck.waitFor(60, TimeUnit.SECONDS));
                String statusOut = status.stdout();
                for (Node n : nodes) {
                    assertTrue(Pattern.compile("market-intel +" + n.id + " +alive").matcher(statusOut).find(), statusOut);
                }
                assertTrue(Pattern.compile("Node that ran each source last \\(each part of a sharded source\\):\\n(.*\\n)*"
                    + "  fear-greed +\\S+ +\\S+ +started ").matcher(statusOut).find(), statusOut);
                for (String part : PARTS) {
                    assertTrue(Pattern.compile("\\n  coingecko-ohlc part " + part + " +\\S+ +\\S+ +started ")
                        .matcher(statusOut).find(), statusOut);
                }
                String checkOut = check.stdout();
                assertTrue(checkOut.contains("✅ cluster clock: this machine's clock is"), checkOut);
                assertTrue(checkOut.contains("❌ cluster node skewed-node: its last check-in is"), checkOut);
                assertTrue(checkOut.contains("→ fix: synchronise the clocks"), checkOut);

                assertEquals(2, refused.exit(), refused.console());
                assertTrue(refused.stderr().contains("market-intel: Configuration error: cluster.enabled = false, but a"
                    + " cluster is running on this database"), refused.console());
                assertEquals(1, refused.stderr().lines().count(), "one line: " + refused.stderr());
            } finally {
                update("DELETE FROM qrtz_scheduler_state WHERE instance_name = 'skewed-node'");
            }
        } finally {
            nodes.forEach(Node::close);
        }
    }

    @Test
    void should_refuse_a_cluster_on_sqlite_naming_the_key_at_the_default_level_and_at_debug() throws Exception {
        for (String level : List.of("INFO", "DEBUG")) {
            try (UserInstall u = new UserInstall()) {
                UserInstall.Result r = u.env("LOG_LEVEL", level).run(60, "-Dcluster.enabled=true");
                assertEquals(2, r.exit(), r.console());
                assertEquals(List.of("market-intel: Configuration error: cluster.enabled = true needs a shared PostgreSQL"
                    + " (db.url=jdbc:postgresql://…): SQLite has one writer per file; set cluster.enabled=false for a"
                    + " single node on SQLite"), r.stderr().lines().toList(), level);
                assertTrue(!java.nio.file.Files.exists(u.db()), "nothing was created");
            }
        }
    }

    /** Each fire time of the counted sources in [from, to]: exactly one run that finished; returns fires per node. */
    private static Map<String, Integer> assertEachFireOnce(Instant from, Instant to, String phase) throws SQLException {
        for (String source : List.of("fear-greed", "snapshot-daily")) {
            assertEachFireOnce(source, null, 1, from, to, phase);
        }
        return firesPerNode(from, to);
    }

    /**
     * Each fire of a source (of one part of it, or null) firing every {@code step} seconds (on the minute's multiples of
     * it) ran exactly once.
     */
    private static void assertEachFireOnce(String source, String part, int step, Instant from, Instant to, String phase)
        throws SQLException {
        {
            Map<String, List<String>> runs = fires(source, part, from, to);
            List<String> wrong = new ArrayList<>();
            Instant first = from;
            while (first.getEpochSecond() % step != 0) {
                first = first.plusSeconds(1);
            }
            for (Instant t = first; !t.isAfter(to); t = t.plusSeconds(step)) {
                String key = t.toString();
                List<String> outcomes = runs.getOrDefault(key, List.of()).stream().filter(o -> !o.equals("ABANDONED"))
                    .toList();
                if (outcomes.size() != 1) {
                    wrong.add(key + "=" + runs.getOrDefault(key, List.of()));
                }
            }
            assertTrue(wrong.isEmpty(), phase + ": fires of " + source + (part == null ? "" : " part " + part)
                + " not run exactly once: " + wrong);
            assertTrue(runs.keySet().stream().allMatch(k -> Instant.parse(k).getEpochSecond() % step == 0),
                "no run for a time that is no fire: " + runs.keySet());
        }
    }

    /** Runs of a source by fire time (outcomes) in [from, to]. */
    private static Map<String, List<String>> fires(String source, Instant from, Instant to) throws SQLException {
        return fires(source, null, from, to);
    }

    /** Runs of a source (of one part of its work: 1/2; null: unsharded) by fire time (outcomes) in [from, to]. */
    private static Map<String, List<String>> fires(String source, String part, Instant from, Instant to)
        throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = connect("postgres"); var ps = c.prepareStatement("SELECT fire_time, outcome FROM ingest_run"
            + " WHERE source = ? AND COALESCE(part, '') = ? AND fire_time >= ? AND fire_time <= ? AND outcome <> 'RUNNING'")) {
            ps.setString(1, source);
            ps.setString(2, part == null ? "" : part);
            ps.setString(3, from.toString());
            ps.setString(4, to.toString());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> firesPerNode(Instant from, Instant to) throws SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = connect("postgres"); var ps = c.prepareStatement("SELECT node, COUNT(*) FROM ingest_run"
            + " WHERE fire_time >= ? AND fire_time <= ? AND outcome <> 'ABANDONED' GROUP BY node")) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** md5 of the candle and sentiment rows in key order, the ingestion times (when each node wrote) left out. */
    private static Map<String, String> checksums(String db) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        out.put("ohlc_hourly", string(db, "SELECT COUNT(*) || ' rows ' || md5(string_agg(concat_ws(',', asset, ts_utc,"
            + " open, high, low, close, session, quality, volume_24h_usd, source), '|' ORDER BY asset, ts_utc))"
            + " FROM ohlc_hourly"));
        out.put("sentiment_daily", string(db, "SELECT COUNT(*) || ' rows ' || md5(string_agg(concat_ws(',', as_of_date,"
            + " fng_value, classification), '|' ORDER BY as_of_date)) FROM sentiment_daily"));
        return out;
    }

    /** The candle rows of one database the other lacks (at most 5), for the message of a failed comparison. */
    private static List<String> onlyIn(String db, String other) throws SQLException {
        String rows = "SELECT concat_ws(',', asset, ts_utc, open, high, low, close, session, quality, volume_24h_usd, source)"
            + " FROM ohlc_hourly ORDER BY asset, ts_utc";
        List<String> theirs = UserInstall.stringsOn(pg.getJdbcUrl("postgres", other), rows);
        return UserInstall.stringsOn(pg.getJdbcUrl("postgres", db), rows).stream().filter(r -> !theirs.contains(r))
            .limit(5).toList();
    }

    private static String clusterDb(String db) {
        return "-Ddb.url=" + pg.getJdbcUrl("postgres", db);
    }

    private static String singleDb() {
        return clusterDb("single_node");
    }

    private static String nodeId(UserInstall u) throws java.io.IOException {
        Matcher m = Pattern.compile("Cluster 'market-intel': this node is (\\S+) ").matcher(u.stdout());
        return m.find() ? m.group(1) : null;
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(pg.getJdbcUrl("postgres", db));
    }

    private static long count(String sql, Object... params) throws SQLException {
        List<String> v = strings(sql, params);
        return v.isEmpty() || v.get(0) == null ? 0 : Long.parseLong(v.get(0));
    }

    private static String string(String db, String sql) throws SQLException {
        try (Connection c = connect(db); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<String> strings(String sql, Object... params) throws SQLException {
        return UserInstall.stringsOn(pg.getJdbcUrl("postgres", "postgres"), sql, params);
    }

    private static void update(String sql) throws SQLException {
        try (Connection c = connect("postgres"); var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
