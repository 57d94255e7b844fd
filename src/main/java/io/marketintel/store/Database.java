package io.marketintel.store;

import java.io.IOException;
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

    /** Quartz's clustered job store tables (PostgreSQL, cluster.enabled=true only): see {@link #migrateCluster}. */
    public static final String CLUSTER_MIGRATIONS = "classpath:db/cluster";

    /**
     * The newest migration in {@link #MIGRATIONS} ({@code V4__...}); a store already there opens with one query instead
     * of Flyway's scan and validation (~0.5 s and ~20 MB at every start). DatabaseTest fails when a new migration is
     * added without raising this.
     */
    public static final String LATEST_MIGRATION = "7";

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

    /**
     * The store cannot be used as it is: the message names the file and the way out, in one line (no stack trace:
     * nothing in the code is wrong).
     */
    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** SQLite's result code for a file that is not a database (corrupt, or another kind of file). */
    private static final int SQLITE_NOTADB = 26;
    /** SQLITE_OPEN_READONLY | SQLITE_OPEN_URI: no CREATE flag, so a missing file is never created. */
    private static final int OPEN_READ_ONLY = 0x01 | 0x40;

    public static Path sqliteFile(String jdbcUrl) {
        return Path.of(jdbcUrl.substring("jdbc:sqlite:".length())).toAbsolutePath();
    }

    public static HikariDataSource open(Options o) {
        if (isSqlite(o.jdbcUrl())) {
            Path dir = sqliteFile(o.jdbcUrl()).getParent();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the database directory " + dir + ": " + e, e);
            }
        }
        try {
            return new HikariDataSource(config(o));
        } catch (RuntimeException e) {
            throw unusable(o, e);
        }
    }

    /**
     * For {@code --status} and {@code --check}, which create and change no file: the SQLite file is opened read-only.
     * While a runtime writes it (its {@code -wal} file exists) the reader shares its WAL; otherwise the file is
     * opened {@code immutable}, so SQLite creates no {@code -wal}/{@code -shm} next to it (a read-only folder works).
     * A missing file is a {@link StoreException} naming it, unless {@code allowMissing}: then the pool never
     * connects until asked, and cannot create the file even then.
     */
    public static HikariDataSource openReadOnly(Options o, boolean allowMissing) {
        if (!isSqlite(o.jdbcUrl())) {
            return open(o);
        }
        Path file = sqliteFile(o.jdbcUrl());
        boolean exists = Files.isRegularFile(file);
        if (!exists && !allowMissing) {
            throw new StoreException("no database at " + file + " (db.path / DB_PATH): nothing has been collected there;"
                + " check the path, or run --once to create it", null);
        }
        boolean writerLive = Files.exists(Path.of(file + "-wal"));
        HikariConfig cfg = config(new Options(writerLive ? o.jdbcUrl() : "jdbc:sqlite:" + file.toUri() + "?immutable=1",
            o.user(), o.password(), o.busyTimeoutMs(), o.synchronous(), o.registerMbeans()));
        cfg.getDataSourceProperties().remove("journal_mode");
        cfg.addDataSourceProperty("open_mode", String.valueOf(OPEN_READ_ONLY));
        cfg.setReadOnly(true);
        if (!exists) {
            HikariDataSource lazy = new HikariDataSource();
            cfg.copyStateTo(lazy);
            return lazy;
        }
        try {
            return new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw unusable(o, e);
        }
    }

    private static RuntimeException unusable(Options o, RuntimeException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getErrorCode() == SQLITE_NOTADB && isSqlite(o.jdbcUrl())) {
                Path file = sqliteFile(o.jdbcUrl());
                return new StoreException(file + " is not a SQLite database (SQLITE_NOTADB: damaged, or another kind of"
                    + " file at db.path): move it aside (mv " + file.getFileName() + " " + file.getFileName() + ".broken)"
                    + " and run --once to start a new one from the APIs, or put back a copy; the CSV backups hold each"
                    + " day's rows", e);
            }
        }
        return e;
    }

    private static HikariConfig config(Options o) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(o.jdbcUrl());
        cfg.setPoolName("market-intel-db");
        cfg.setRegisterMbeans(o.registerMbeans());
        if (isSqlite(o.jdbcUrl())) {
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
        return cfg;
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
     * PostgreSQL only, on a clustered node: Quartz's job store tables, from {@link #CLUSTER_MIGRATIONS} with a Flyway
     * history of their own ({@code cluster_schema_history}), so SQLite stores and single nodes never get them and
     * {@link #LATEST_MIGRATION} stays the store's own. Returns the cluster schema version now in place.
     */
    public static String migrateCluster(DataSource ds) {
        MigrateResult r = Flyway.configure()
            .dataSource(ds)
            .locations(CLUSTER_MIGRATIONS)
            .table("cluster_schema_history")
            // the schema already holds the store's tables: start this history below its first migration
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .loggers("slf4j")
            .load()
            .migrate();
        if (r.migrationsExecuted > 0) {
            LOG.info("Cluster tables migrated to version {} ({} migration(s) applied)", r.targetSchemaVersion,
                r.migrationsExecuted);
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
