package io.marketintel.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.marketintel.cli.SetupCheck.Item;
import io.marketintel.config.Settings;
import io.marketintel.monitor.DataSourceHealthCheck;
import io.marketintel.monitor.MonitorKeys;
import io.marketintel.store.Database;
import io.marketintel.store.Sql;

/**
 * {@code --check}'s database lines: reachable, writable (SQLite by its permissions, since --check opens it read-only;
 * a server database by a write inside a rolled-back transaction), and its schema at the shipped migration. A SQLite
 * file not created yet is fine: the first run creates it.
 */
final class DatabaseCheck {

    private final Settings settings;
    private final DataSource ds;

    DatabaseCheck(Settings settings, DataSource ds) {
        this.settings = settings;
        this.ds = ds;
    }

    List<Item> lines() {
        List<Item> out = new ArrayList<>();
        String where = settings.jdbcUrl.startsWith("jdbc:sqlite:") ? settings.jdbcUrl.substring("jdbc:sqlite:".length())
            : settings.jdbcUrl.replaceAll("//[^@/]*@", "//");
        String fixStore = Database.isSqlite(settings.jdbcUrl)
            ? "check db.path (" + where + "): its folder must exist and be writable by this user"
            : "check db.url, db.user and DB_PASSWORD, and that the database server is up";
        boolean sqlite = Database.isSqlite(settings.jdbcUrl);
        Path file = sqlite ? Database.sqliteFile(settings.jdbcUrl) : null;
        if (sqlite && !Files.exists(file)) {
            // --check creates nothing: the first run creates the file (Settings checked that its folder can be made)
            out.add(new Item(true, "database", "none yet at " + file + ": the first run (--once or the scheduler)"
                + " creates it and applies the migrations this build ships", null));
            return out;
        }
        long t0 = System.nanoTime();
        try {
            DataSourceHealthCheck.ping(ds, settings.get(MonitorKeys.HEALTH_DB_TIMEOUT_MS));
            out.add(new Item(true, "database reachable", where + " answered SELECT 1 in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms", null));
        } catch (Exception e) {
            out.add(new Item(false, "database reachable", where + ": " + e.getMessage(), fixStore));
            return out;
        }
        if (sqlite) {
            // --check opens SQLite read-only (a test write would create -wal/-shm files): the permissions say it
            Path dir = file.getParent();
            boolean writable = Files.isWritable(file) && Files.isWritable(dir);
            out.add(new Item(writable, "database writable", writable ? where + " and its folder are writable"
                : (Files.isWritable(file) ? "its folder " + dir : where) + " is not writable by this user",
                "make " + where + " and its folder writable (SQLite also writes " + where + "-wal and -shm next to it)"));
        } else {
            out.add(testWrite());
        }
        try {
            Map<String, String> info = Database.schemaInfo(ds);
            String current = info.get("current");
            int pending = Integer.parseInt(info.get("pending"));
            String state = info.getOrDefault("state", "");
            if ("none".equals(current)) {
                out.add(new Item(true, "database schema", "new database: the first run applies the " + pending
                    + " migration(s) this build ships", null));
            } else if (state.contains("FAILED")) {
                out.add(new Item(false, "database schema", "migration " + current + " failed (" + state + ")",
                    "restore the database from a backup, or repair it with Flyway, then start the runtime"));
            } else if (state.startsWith("FUTURE")) {
                out.add(new Item(false, "database schema", "at version " + current + ", newer than this build knows",
                    "run the build that migrated this database, or point db.path elsewhere"));
            } else if (pending > 0) {
                out.add(new Item(false, "database schema", "at version " + current + ", " + pending
                    + " migration(s) pending", "start the runtime once (e.g. --status does not migrate; --once does)"));
            } else {
                out.add(new Item(true, "database schema", "at version " + current + ", the newest this build ships",
                    null));
            }
        } catch (Exception e) {
            out.add(new Item(false, "database schema", "cannot read the migration history: " + e.getMessage(),
                fixStore));
        }
        return out;
    }

    /** A server database: a write inside a transaction that is rolled back. */
    private Item testWrite() {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute(Sql.load("check_write_create"));
                try (PreparedStatement ps = c.prepareStatement(Sql.load("check_write_insert"))) {
                    ps.setInt(1, 1);
                    ps.executeUpdate();
                }
            } finally {
                // always: the check must leave no trace
                c.rollback();
                c.setAutoCommit(auto);
            }
            return new Item(true, "database writable", "a test write was accepted and rolled back", null);
        } catch (Exception e) {
            return new Item(false, "database writable", e.getMessage(), "grant this user INSERT and CREATE on the database");
        }
    }
}
