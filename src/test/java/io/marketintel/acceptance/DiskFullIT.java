package io.marketintel.acceptance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import io.marketintel.store.Database;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A full disk under {@code DB_PATH} and {@code CSV_BACKUP_PATH} (a small tmpfs, as a user's full partition), the dead
 * letters on another disk: the errors name the cause, the place and the way out, the summary counts the dead letters
 * kept as files, no run stays RUNNING, no temp file is left, and after the disk grows {@code --replay-dead-letters}
 * stores everything. The tmpfs lives in a private mount namespace ({@code unshare -m}); where the machine allows no
 * mount namespace (a container without CAP_SYS_ADMIN) the test is skipped — DiskFullTest pins the same at route level.
 */
class DiskFullIT {

    @Test
    void should_name_the_full_disk_count_every_dead_letter_and_recover_after_the_disk_grows() throws Exception {
        try (UserInstall u = new UserInstall()) {
            Files.createDirectories(u.home.resolve("full"));
            assumeTrue(canMountTmpfs(u), "no mount namespace here (unshare -m + tmpfs)");
            u.env("DB_PATH", "full/market_intel.db").env("CSV_BACKUP_PATH", "full/backups");
            // a store made by the shipped migrations, whatever they become (its size is not this test's business)
            try (HikariDataSource ds = Database.open(new Database.Options(
                Database.sqliteUrl(u.home.resolve("store.db").toString()), null, null, 5000, "NORMAL", false))) {
                Database.migrate(ds);
            }
            String once = sh(u.command("--once"));
            String script = String.join("\n",
                "mount -t tmpfs -o size=2m tmpfs full || exit 90",
                // the user's store, then the disk fills up: 160 KB left, less than the run stores (~1 MB with backups)
                "cp store.db full/market_intel.db",
                "avail=$(df -k --output=avail full | tail -1)",
                "dd if=/dev/zero of=full/filler bs=1k count=$((avail - 160)) 2>/dev/null",
                once + " > once.txt 2>&1; echo $? > once.rc",
                "LOG_LEVEL=DEBUG " + once + " > once-debug.txt 2>&1; echo $? > once-debug.rc",
                sh(u.command("--status")) + " > status.txt 2>&1",
                "ls data/deadletter | grep -c '[.]json$' > dl-count.txt",
                // the CSV backup's own temp file is csv-backup's business (routes/CsvBackup.java)
                "find full -name '*.tmp' -not -path 'full/backups/*' > full-tmp.txt",
                // the disk grows
                "mount -o remount,size=64m full || exit 91",
                sh(u.command("--replay-dead-letters")) + " > replay.txt 2>&1; echo $? > replay.rc",
                sh(u.command("--status")) + " > status2.txt 2>&1",
                "umount full");
            Process p = u.startCommand(List.of("unshare", "-m", "sh", "-c", script));
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the disk-full runs did not end");
            assertEquals(0, p.exitValue(), u.stdout() + u.stderr());

            String console = read(u, "once.txt");
            assertEquals("1", read(u, "once.rc").strip(), console);
            Path deadLetters = u.home.resolve("data/deadletter");
            List<String> files = jsonFiles(deadLetters);
            assertFalse(files.isEmpty(), console);
            // the cause and the place, with the way out; no API hint, no "no transaction is active"
            assertTrue(console.contains("error: disk full at full/market_intel.db ("), console);
            assertTrue(console.contains("free space there, then run --replay-dead-letters"), console);
            assertTrue(console.lines().filter(l -> l.contains("Dead letter ") || l.strip().startsWith("error:"))
                .noneMatch(l -> l.contains("no transaction is active")), console);
            assertFalse(console.contains("Farside refused the request"), console);
            // every dead letter counted, those only in files included
            int afterFirst = pendingIn(console);
            assertTrue(afterFirst > 0, console);
            String debug = read(u, "once-debug.txt");
            assertEquals("1", read(u, "once-debug.rc").strip(), debug);
            assertTrue(debug.contains("disk full at full/market_intel.db ("), debug);
            assertTrue(debug.lines().filter(l -> l.contains("Dead letter ") || l.strip().startsWith("error:"))
                .noneMatch(l -> l.contains("no transaction is active")), debug);
            assertEquals(Integer.parseInt(read(u, "dl-count.txt").strip()), pendingIn(debug),
                "the summary counts every dead letter file: " + files + "\n" + debug);
            // no run left RUNNING, no temp file
            String status = read(u, "status.txt");
            assertFalse(status.contains("RUNNING"), status);
            assertEquals("", read(u, "full-tmp.txt").strip() + tmpFiles(deadLetters), "temp files left");

            // after the disk grew: everything imported and stored
            String replay = read(u, "replay.txt");
            assertEquals("0", read(u, "replay.rc").strip(), replay);
            String status2 = read(u, "status2.txt");
            assertTrue(status2.contains("Dead letters pending: 0"), status2);
            assertFalse(status2.contains("RUNNING"), status2);
            assertFalse(status2.contains("ohlc_hourly                     0 rows"), status2);
        }
    }

    private static boolean canMountTmpfs(UserInstall u) throws Exception {
        try {
            Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs full")
                .directory(u.home.toFile()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;   // no unshare on this machine
        }
    }

    private static int pendingIn(String summary) {
        Matcher m = Pattern.compile("Dead letters pending: (\\d+)").matcher(summary);
        assertTrue(m.find(), summary);
        return Integer.parseInt(m.group(1));
    }

    private static List<String> jsonFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }

    private static String tmpFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(Path::toString).filter(n -> n.endsWith(".tmp")).collect(Collectors.joining("\n"));
        }
    }

    private static String read(UserInstall u, String name) throws Exception {
        Path f = u.home.resolve(name);
        return Files.exists(f) ? Files.readString(f) : "(no " + name + ")";
    }

    /** A command line for sh, each word single-quoted. */
    private static String sh(List<String> cmd) {
        return cmd.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
