package io.marketintel.it;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime killed with SIGKILL at random moments of a large upsert, restarted each time: the database stays
 * intact, keys unique, each payload's batch wholly present or wholly absent, and a final run converges to the table a
 * run without crashes produces. Also: SIGTERM during a run, and a second runtime on the same database.
 */
class CrashRecoveryIT {

    static final int DAYS = 100_000;
    static final int ROUNDS = Integer.getInteger("crash.rounds", 20);

    record Table(long rows, long distinctKeys, long versions, String integrity, String firstVersion) {
    }

    static Table inspect(java.nio.file.Path db) throws Exception {
        if (!Files.exists(db)) {
            return new Table(0, 0, 0, "ok", null);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            String integrity;
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                integrity = rs.getString(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT as_of_date), COUNT(DISTINCT classification),"
                + " MIN(classification) FROM sentiment_daily")) {
                rs.next();
                return new Table(rs.getLong(1), rs.getLong(2), rs.getLong(3), integrity, rs.getString(4));
            } catch (java.sql.SQLException e) {
                // killed before the first migration committed
                return new Table(0, 0, 0, integrity, null);
            }
        }
    }

    static String digest(java.nio.file.Path db) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT as_of_date, fng_value, classification, source FROM sentiment_daily ORDER BY as_of_date")) {
            while (rs.next()) {
                md.update((rs.getString(1) + '|' + rs.getInt(2) + '|' + rs.getString(3) + '|' + rs.getString(4) + '\n').getBytes());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static void awaitRunStarted(Installation inst, Process p) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
            .pollInterval(java.time.Duration.ofMillis(5))
            .until(() -> !p.isAlive() || inst.stdout().contains("of fear-greed started"));
    }

    @Test
    void should_survive_kill_minus_9_mid_upsert_and_converge() throws Exception {
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        int absent = 0;
        int previous = 0;
        int current = 0;
        long rowsChecked = 0;
        long t0 = System.nanoTime();
        try (Installation inst = new Installation()) {
            // a first complete run measures how long fetch + parse + upsert take on this machine
            inst.payload.set(Installation.fearGreed(DAYS, 0));
            long w0 = System.nanoTime();
            Process first = inst.start("--once");
            awaitRunStarted(inst, first);
            long started = System.nanoTime();
            assertTrue(first.waitFor(120, TimeUnit.SECONDS));
            long work = Math.max(200, (System.nanoTime() - started) / 1_000_000);
            System.out.printf("complete run: %d ms of work after the run started (%d ms with JVM start)%n", work,
                (System.nanoTime() - w0) / 1_000_000);
            for (int round = 1; round <= ROUNDS; round++) {
                inst.payload.set(Installation.fearGreed(DAYS, round));
                Process p = inst.start("--once");
                awaitRunStarted(inst, p);
                // a random moment inside the fetch/parse/upsert window (and a little past it)
                long killAfter = random.nextInt((int) (work * 1.2));
                boolean exited = p.waitFor(killAfter, TimeUnit.MILLISECONDS);
                if (!exited) {
                    p.destroyForcibly();   // SIGKILL
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                Table t = inspect(inst.db());
                assertEquals("ok", t.integrity(), "round " + round);
                assertEquals(t.rows(), t.distinctKeys(), "no duplicate keys, round " + round);
                assertTrue(t.rows() == 0 || t.rows() == DAYS, "batch wholly present or absent, round " + round + ": " + t);
                assertTrue(t.versions() <= 1, "rows of one payload only, round " + round + ": " + t);
                rowsChecked += t.rows();
                if (t.rows() == 0) {
                    absent++;
                } else if (("v" + round).equals(t.firstVersion())) {
                    current++;
                } else {
                    previous++;
                }
            }
            int finalVersion = ROUNDS + 1;
            inst.payload.set(Installation.fearGreed(DAYS, finalVersion));
            Process last = inst.start("--once");
            assertTrue(last.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, last.exitValue(), inst.stdout());
            String crashed = digest(inst.db());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + inst.db()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ingest_run WHERE outcome = 'RUNNING'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "runs cut short by kill -9 are marked ABANDONED at the next start");
            }

            try (Installation clean = new Installation()) {
                clean.payload.set(Installation.fearGreed(DAYS, finalVersion));
                Process p = clean.start("--once");
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue());
                assertEquals(digest(clean.db()), crashed, "converges to the table of a run without crashes");
            }
        }
        System.out.printf("kill -9 rounds: %d (batch absent %d, previous payload kept %d, new payload committed %d);"
                + " rows checked %d; %.1f s%n", ROUNDS, absent, previous, current, rowsChecked,
            (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void should_refuse_a_second_runtime_on_the_same_database() throws Exception {
        try (Installation inst = new Installation()) {
            inst.payload.set(Installation.fearGreed(10, 1));
            Process scheduler = inst.start();
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> Files.exists(inst.db()) && inst.stdout().contains("market-intel started in"));
                Process second = inst.start("--once");
                assertTrue(second.waitFor(60, TimeUnit.SECONDS));
                assertEquals(1, second.exitValue());
                assertTrue(inst.stderr().contains("another market-intel runtime (pid " + scheduler.pid()), inst.stderr());
            } finally {
                scheduler.destroy();
                scheduler.waitFor(40, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void should_finish_or_roll_back_the_batch_and_exit_on_sigterm() throws Exception {
        Random random = new Random();
        try (Installation inst = new Installation()) {
            for (int round = 1; round <= 3; round++) {
                inst.payload.set(Installation.fearGreed(DAYS, round));
                Process p = inst.start("--once");
                awaitRunStarted(inst, p);
                p.waitFor(random.nextInt(800), TimeUnit.MILLISECONDS);
                long t0 = System.nanoTime();
                p.destroy();   // SIGTERM
                assertTrue(p.waitFor(35, TimeUnit.SECONDS), "exits within camel.main.shutdown-timeout (30 s)");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Table t = inspect(inst.db());
                assertEquals("ok", t.integrity());
                assertTrue(t.rows() == 0 || t.rows() == DAYS, "never half a batch: " + t);
                assertTrue(t.versions() <= 1, t.toString());
                System.out.printf("SIGTERM round %d: exited in %d ms, table %s%n", round, ms, t);
            }
        }
    }
}
