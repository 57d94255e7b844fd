package io.marketintel.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store: one HikariCP pool on the SQLite file (or a JDBC URL), pragmas as connection
 * properties, Flyway migrations. No Camel imports: usable from tests, the benchmark and --status alike.
 */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** The migration the code expects; {@code --check} compares the database against it. */
    public static final String MIGRATIONS = "classpath:db/migration";

    /**
     * The newest migration in {@link #MIGRATIONS} ({@code V4__...}); a store already there opens with one query instead
     * of Flyway's scan and validation (~0.5 s and ~20 MB at every start). DatabaseTest fails when a new migration is
     * added without raising this.
     */
    public static final String LATEST_MIGRATION = "4";

    private Database() {
    }

    public record Options(String jdbcUrl, String user, String password, int busyTimeoutMs, String synchronous,
                          boolean registerMbeans) {
    }

    public static String sqliteUrl(String dbPath) {
        return "jdbc:sqlite:" + dbPath;
    }

    public static boolean isSqlite(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }

    public static HikariDataSource open(Options o) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(o.jdbcUrl());
        cfg.setPoolName("market-intel-db");
        cfg.setRegisterMbeans(o.registerMbeans());
        if (isSqlite(o.jdbcUrl())) {
            Path file = Path.of(o.jdbcUrl().substring("jdbc:sqlite:".length())).toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the database directory " + file.getParent() + ": " + e, e);
            }
            // SQLite has one writer: a pool of 1 serialises writes instead of failing them with SQLITE_BUSY
            cfg.setMaximumPoolSize(1);
            // connection properties, applied by sqlite-jdbc to every connection it opens (a multi-statement
            // init SQL would only run its first statement)
            cfg.addDataSourceProperty("journal_mode", "WAL");
            cfg.addDataSourceProperty("synchronous", o.synchronous());
            cfg.addDataSourceProperty("busy_timeout", String.valueOf(o.busyTimeoutMs()));
            cfg.addDataSourceProperty("foreign_keys", "true");
        } else {
            cfg.setMaximumPoolSize(4);
            cfg.setUsername(o.user());
            cfg.setPassword(o.password());
        }
        cfg.setConnectionTimeout(Math.max(30_000L, o.busyTimeoutMs() * 2L));
        return new HikariDataSource(cfg);
    }

    /** Applies the versioned migrations; returns the schema version now in place. */
    public static String migrate(DataSource ds) {
        if (LATEST_MIGRATION.equals(recordedVersion(ds))) {
            return LATEST_MIGRATION;
        }
        MigrateResult r = Flyway.configure()
            .dataSource(ds)
            .locations(MIGRATIONS)
            .loggers("slf4j")
            .load()
            .migrate();
        if (r.migrationsExecuted > 0) {
            LOG.info("Database migrated to version {} ({} migration(s) applied)", r.targetSchemaVersion, r.migrationsExecuted);
        }
        return r.targetSchemaVersion != null ? r.targetSchemaVersion : r.initialSchemaVersion;
    }

    /**
     * The newest migration Flyway recorded as successful, or null: a fresh store, a failed migration, or no history
     * table (anything but a clean state at some version leaves the decision to Flyway).
     */
    static String recordedVersion(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(Sql.load("schema_version"))) {
            return rs.next() && rs.getBoolean(2) ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    /** The schema version recorded in the database and the newest migration the code ships. */
    public static Map<String, String> schemaInfo(DataSource ds) {
        var info = Flyway.configure().dataSource(ds).locations(MIGRATIONS).loggers("slf4j").load().info();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("current", info.current() == null ? "none" : info.current().getVersion().getVersion());
        m.put("pending", String.valueOf(info.pending().length));
        m.put("state", info.current() == null ? "" : info.current().getState().name());
        return m;
    }

    /** Reads back the pragmas so start-up proves they took effect. */
    public static Map<String, String> sqlitePragmas(DataSource ds) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // fixed statements, no SQL built from strings
            Map<String, String> pragmas = Map.of("journal_mode", "PRAGMA journal_mode", "synchronous", "PRAGMA synchronous",
                "busy_timeout", "PRAGMA busy_timeout", "foreign_keys", "PRAGMA foreign_keys");
            for (String p : new String[] {"journal_mode", "synchronous", "busy_timeout", "foreign_keys"}) {
                try (ResultSet rs = s.executeQuery(pragmas.get(p))) {
                    out.put(p, rs.next() ? rs.getString(1) : "?");
                }
            }
        }
        return out;
    }

    /** Fails start-up when the pragmas did not apply; 1 = NORMAL, 2 = FULL for synchronous. */
    public static void verifySqlitePragmas(DataSource ds, Options o) throws SQLException {
        Map<String, String> p = sqlitePragmas(ds);
        String expectedSync = switch (o.synchronous().toUpperCase()) {
            case "OFF" -> "0";
            case "NORMAL" -> "1";
            case "FULL" -> "2";
            case "EXTRA" -> "3";
            default -> o.synchronous();
        };
        boolean ok = "wal".equalsIgnoreCase(p.get("journal_mode"))
            && expectedSync.equals(p.get("synchronous"))
            && String.valueOf(o.busyTimeoutMs()).equals(p.get("busy_timeout"))
            && "1".equals(p.get("foreign_keys"));
        if (!ok) {
            throw new IllegalStateException("SQLite pragmas did not apply as configured: " + p);
        }
        LOG.info("SQLite pragmas {}", p);
    }
}
