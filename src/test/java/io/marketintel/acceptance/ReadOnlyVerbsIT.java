package io.marketintel.acceptance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --status} and {@code --check} read; they create and change no file — no database, no {@code data/}
 * folders, no log file either (an installation whose {@code data/} and {@code logs/} are read-only must still
 * answer them, and a log file appearing is a file created). A store that is not there is said to be missing.
 */
class ReadOnlyVerbsIT {

    @Test
    void should_create_or_change_no_file_and_report_a_missing_store() throws Exception {
        try (UserInstall u = new UserInstall()) {
            Map<String, String> fresh = u.tree();

            UserInstall.Result check = u.run(60, "--check");
            assertEquals(0, check.exit(), check.console());
            assertTrue(check.stdout().contains("✅ database: none yet at " + u.home.toRealPath().resolve("data/market_intel.db")),
                check.console());
            assertEquals(fresh, u.tree(), "--check on a fresh installation created or changed files");

            UserInstall.Result status = u.run(60, "--status");
            assertNotEquals(0, status.exit(), status.console());
            assertTrue(status.console().contains("no database at") && status.console().contains("market_intel.db"),
                status.console());
            assertEquals(fresh, u.tree(), "--status on a fresh installation created or changed files");

            assertEquals(0, u.run(120, "--once").exit());
            Map<String, String> collected = u.tree();

            // a typo in DB_PATH: said, not a new empty database with zeros
            u.env("DB_PATH", "data/market_intl.db");
            UserInstall.Result typo = u.run(60, "--status");
            assertNotEquals(0, typo.exit(), typo.console());
            assertTrue(typo.console().contains("no database at " + u.home.toRealPath().resolve("data/market_intl.db")),
                typo.console());
            u.env("DB_PATH", "data/market_intel.db");

            UserInstall.Result checkAfter = u.run(60, "--check");
            assertEquals(0, checkAfter.exit(), checkAfter.console());
            assertEquals(collected, u.tree(), "--status or --check changed the installation");

            // and --status reads it, even from a read-only data/

            Path data = u.home.resolve("data");
            try (ReadOnly ro = new ReadOnly(data)) {
                assumeTrue(ro.effective(), "cannot make a folder read-only here");
                UserInstall.Result readOnly = u.run(60, "--status");
                assertEquals(0, readOnly.exit(), readOnly.console());
                assertTrue(readOnly.stdout().contains("sentiment_daily"), readOnly.console());
                assertFalse(readOnly.console().contains("not writable"), readOnly.console());
            }
            assertEquals(collected, u.tree(), "--status on a read-only data/ changed the installation");
        }
    }

    /** A folder made read-only for this process: by its permissions, or (root ignores them) chattr +i. */
    static final class ReadOnly implements AutoCloseable {
        private final Path dir;
        private boolean immutable;

        ReadOnly(Path dir) throws Exception {
            this.dir = dir;
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!effective()) {
                Process p = new ProcessBuilder("chattr", "+i", dir.toString()).start();
                immutable = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            }
        }

        boolean effective() {
            Path probe = dir.resolve(".probe");
            try {
                Files.createFile(probe);
                Files.delete(probe);
                return false;
            } catch (Exception e) {
                return true;
            }
        }

        @Override
        public void close() throws Exception {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
