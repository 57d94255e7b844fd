package io.marketintel.config;

import java.util.List;

/**
 * The keys of the runtime's core: the store, dead letters, CSV backups, HTTP and live reload. Each description is
 * the comment above the key in application.properties ({@code KeysDeclaredTest} holds the two together).
 */
public final class CoreKeys implements KeyCatalog {

    /** Read only when db.url is empty ({@link Settings}). */
    public static final Key<String> DB_PATH = Key.text("db.path", "{{env:DB_PATH:data/market_intel.db}}",
        "the SQLite file (seed name DB_PATH)").whenUsed();
    public static final Key<String> DB_URL = Key.parsed("db.url", "", "a JDBC URL", "", v -> {
        if (!v.startsWith("jdbc:")) {
            throw new Key.Invalid("= '" + v + "' is not a JDBC URL (jdbc:postgresql://… or empty for SQLite)");
        }
        return v;
    }, "a JDBC URL (e.g. jdbc:postgresql://127.0.0.1/market) replaces db.path; empty = SQLite at db.path").orEmpty();
    public static final Key<String> DB_USER = Key.text("db.user", "", "user for db.url (SQLite needs none)").orEmpty();
    public static final Key<String> DB_PASSWORD = Key.text("db.password", "",
        "password for db.url; prefer the environment variable DB_PASSWORD").orEmpty();
    public static final Key<Integer> DB_BUSY_TIMEOUT_MS = Key.integer("db.busy-timeout-ms", "10000", 0, 600_000,
        "how long a write waits for another process's lock before it fails and is retried by the error policy");
    public static final Key<String> DB_SYNCHRONOUS = Key.oneOf("db.synchronous", "NORMAL",
        List.of("OFF", "NORMAL", "FULL", "EXTRA"),
        "NORMAL is durable across process crashes in WAL mode; FULL also across power loss, at a cost");
    public static final Key<Boolean> DB_REGISTER_MBEANS = Key.bool("db.register-mbeans", "true",
        "HikariCP pool MBeans (active/idle connections) next to Camel's");

    public static final Key<String> DEADLETTER_PATH = Key.text("deadletter.path", "data/deadletter",
        "a JSON copy of every dead letter is written here too, so it survives a database that refuses writes");

    public static final Key<Boolean> BACKUP_ENABLED = Key.bool("backup.csv.enabled", "{{env:ENABLE_CSV_BACKUP:true}}",
        "each ingest writes the day's rows of its table to <path>/<table>_YYYYMMDD.csv (seed ENABLE_CSV_BACKUP)");
    public static final Key<String> BACKUP_PATH = Key.text("backup.csv.path", "{{env:CSV_BACKUP_PATH:data/backups}}",
        "folder of the CSV backups (seed CSV_BACKUP_PATH)");
    public static final Key<Integer> BACKUP_RETENTION_DAYS = Key.integer("backup.csv.retention-days", "30", 1, 36_500,
        "backups older than this many days are deleted by the daily cleanup");
    public static final Key<String> BACKUP_CLEANUP_CRON = Key.cron("backup.csv.cleanup-cron", "0 30 1 * * ?",
        "the daily cleanup (route csv-retention): a file's age is the date in its name <table>_YYYYMMDD.csv, not its"
            + " mtime");

    public static final Key<Integer> HTTP_CONNECT_TIMEOUT_MS = Key.integer("http.connect-timeout-ms", "5000", 1, 600_000,
        "Camel's defaults are minutes or infinite; an unattended runtime must give up quickly and retry");
    public static final Key<Integer> HTTP_RESPONSE_TIMEOUT_MS = Key.integer("http.response-timeout-ms", "20000", 1,
        600_000, "the longest a provider may take to answer before the call is retried");

    public static final Key<Boolean> LIVE_RELOAD = Key.bool("routes.live-reload", "false",
        "live reload of routes/*.camel.yaml on save: only the edited file's routes change, a broken edit is rejected");
    public static final Key<String> LIVE_RELOAD_DIRECTORY = Key.text("routes.live-reload-directory", "routes",
        "the folder live reload watches (the one routes are loaded from)");
}
