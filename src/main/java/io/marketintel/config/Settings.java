package io.marketintel.config;

import java.util.List;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.marketintel.store.Database;

/**
 * The settings the Java side needs, read and validated once at start-up: every declared {@link Key} (each package's
 * {@link KeyCatalog}) is checked here by its declaration, so a bad value stops start-up with one clear line naming the
 * key instead of a stack trace minutes later. Rules that are not one key's (a folder that must be writable, db.path
 * used only without db.url) follow. Routes read the same keys as {@code {{placeholders}}}. No Camel imports: the
 * lookup is a function.
 */
public final class Settings {

    /** Resolves a property the way Camel does (file, jar defaults, environment, -D). */
    @FunctionalInterface
    public interface Lookup {
        Optional<String> get(String key);
    }

    /**
     * The route files' pattern for the read-only verbs, which keep Camel Main from loading them (App); otherwise
     * {@code camel.main.routes-include-pattern} itself.
     */
    public static final String ROUTES_PATTERN = "market-intel.routes-include-pattern";

    private final Lookup lookup;
    private final ApiKeys apiKeys;
    /** --status and --check create and change no file: folders are checked, never created. */
    private final String mode;

    public final String jdbcUrl;
    public final Database.Options db;
    public final Path deadLetterDir;
    public final boolean backupEnabled;
    public final Path backupDir;
    public final int backupRetentionDays;
    public final long responseTimeoutMs;
    private final KeyRegistry keys;
    /** Typos the file and -D options would otherwise swallow (unknown or repeated keys, a missing file). */
    public final List<ConfigKeys.Problem> keyProblems;

    private Settings(Lookup lookup, ApiKeys apiKeys) {
        this.lookup = lookup;
        this.apiKeys = apiKeys;
        this.mode = optional("market-intel.mode").orElse("scheduler");
        this.keys = KeyRegistry.declared();
        this.keyProblems = ConfigKeys.check(keys);
        // every declared key, checked by its declaration: a source's keys too, before anything is opened
        for (Key<?> k : keys.all()) {
            if (k.use() == Key.Use.AT_START) {
                get(k);
            }
        }
        String url = get(CoreKeys.DB_URL);
        if (url == null) {
            String path = get(CoreKeys.DB_PATH);
            writableDir("db.path", Path.of(path).toAbsolutePath().getParent());
            url = Database.sqliteUrl(path);
        }
        this.jdbcUrl = url;
        this.db = new Database.Options(url, get(CoreKeys.DB_USER), get(CoreKeys.DB_PASSWORD),
            get(CoreKeys.DB_BUSY_TIMEOUT_MS), get(CoreKeys.DB_SYNCHRONOUS), get(CoreKeys.DB_REGISTER_MBEANS));

        this.deadLetterDir = writableDir("deadletter.path", Path.of(get(CoreKeys.DEADLETTER_PATH)));
        this.backupEnabled = get(CoreKeys.BACKUP_ENABLED);
        Path backup = Path.of(get(CoreKeys.BACKUP_PATH));
        this.backupDir = backupEnabled ? writableDir("backup.csv.path", backup) : backup;
        this.responseTimeoutMs = get(CoreKeys.HTTP_RESPONSE_TIMEOUT_MS);
        this.backupRetentionDays = get(CoreKeys.BACKUP_RETENTION_DAYS);
        routesFolder("camel.main.routes-include-pattern", routesIncludePattern());
    }

    public static Settings load(Lookup lookup, ApiKeys apiKeys) {
        return new Settings(lookup, apiKeys);
    }

    /** The API keys (environment only, never properties: see {@link ApiKeys}). */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** Every declared key ({@link KeyCatalog}s). */
    public KeyRegistry keys() {
        return keys;
    }

    /** A declared key's value as its declaration reads it; a bad value is a {@link ConfigException} naming the key. */
    public <T> T get(Key<T> key) {
        return key.parse(lookup.get(key.name()).orElse(null));
    }

    /** A key read by name (a source's {@code check.<id>.*}); empty when unset or blank. */
    public Optional<String> optional(String key) {
        return lookup.get(key).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** {@code --status} or {@code --check}: nothing is created or changed, not even a folder. */
    public boolean readOnlyVerb() {
        return "status".equals(mode) || "check".equals(mode);
    }

    /**
     * A folder the runtime writes into: created when missing. The read-only verbs create nothing: {@code --status}
     * never writes there, so it checks nothing; {@code --check} checks that the folder is writable, or that its
     * nearest existing parent is (the first run creates the rest).
     */
    public Path writableDir(String key, Path dir) {
        if ("status".equals(mode)) {
            return dir;
        }
        if ("check".equals(mode)) {
            Path existing = dir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                throw new ConfigException(key, "→ directory " + dir.toAbsolutePath() + " cannot be created: "
                    + (existing == null ? "no parent exists" : existing + " is not a writable directory"));
            }
            return dir;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new ConfigException(key, "→ directory " + dir + " cannot be created (" + e.getMessage() + ")");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new ConfigException(key, "→ directory " + dir.toAbsolutePath() + " is not writable");
        }
        return dir;
    }

    /** The routes' include pattern ({@code file:routes/*.camel.yaml}), also in the read-only verbs. */
    public String routesIncludePattern() {
        return optional(ROUTES_PATTERN).or(() -> optional("camel.main.routes-include-pattern")).orElse("");
    }

    /**
     * Every {@code file:} part of a routes include pattern names a readable folder, else a ConfigException naming
     * {@code key}. Also called before Camel Main collects the routes (App): Camel reads the folder before the settings
     * are loaded and would stop on a missing one with a stack trace.
     */
    public static void routesFolder(String key, String pattern) {
        for (String part : pattern.split(",")) {
            String p = part.strip();
            if (p.startsWith("file:")) {
                Path file = Path.of(p.substring("file:".length()));
                Path dir = file.getParent() == null ? Path.of(".") : file.getParent();
                if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
                    throw new ConfigException(key, "= '" + pattern + "': routes folder " + dir.toAbsolutePath()
                        + " is missing or unreadable (start from the installation folder, which holds routes/)");
                }
            }
        }
    }
}
