package io.marketintel.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.marketintel.store.Database;
import org.quartz.CronExpression;

/**
 * The settings the Java side needs, read and validated once at start-up. Every check names its key, so a bad value
 * stops start-up with one clear line instead of a stack trace minutes later. Routes read the same keys as
 * {@code {{placeholders}}}. No Camel imports: the lookup is a function.
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
    /** Typos the file and -D options would otherwise swallow (unknown or repeated keys, a missing file). */
    public final java.util.List<ConfigKeys.Problem> keyProblems;

    private Settings(Lookup lookup, ApiKeys apiKeys) {
        this.lookup = lookup;
        this.apiKeys = apiKeys;
        this.mode = optional("market-intel.mode").orElse("scheduler");
        this.keyProblems = ConfigKeys.check();
        String url = optional("db.url").orElse("");
        if (url.isBlank()) {
            String path = required("db.path");
            writableDir("db.path", Path.of(path).toAbsolutePath().getParent());
            url = Database.sqliteUrl(path);
        } else if (!url.startsWith("jdbc:")) {
            throw new ConfigException("db.url", "= '" + url + "' is not a JDBC URL (jdbc:postgresql://… or empty for SQLite)");
        }
        this.jdbcUrl = url;
        String sync = required("db.synchronous").toUpperCase();
        if (!sync.matches("OFF|NORMAL|FULL|EXTRA")) {
            throw new ConfigException("db.synchronous", "= '" + sync + "' must be OFF, NORMAL, FULL or EXTRA");
        }
        this.db = new Database.Options(url, optional("db.user").orElse(null), optional("db.password").orElse(null),
            intIn("db.busy-timeout-ms", 0, 600_000), sync, bool("db.register-mbeans"));

        this.deadLetterDir = writableDir("deadletter.path", Path.of(required("deadletter.path")));
        this.backupEnabled = bool("backup.csv.enabled");
        Path backup = Path.of(required("backup.csv.path"));
        this.backupDir = backupEnabled ? writableDir("backup.csv.path", backup) : backup;
        this.backupRetentionDays = intIn("backup.csv.retention-days", 1, 36_500);

        intIn("http.connect-timeout-ms", 1, 600_000);
        this.responseTimeoutMs = intIn("http.response-timeout-ms", 1, 600_000);
        intIn("retry.max-redeliveries", 0, 100);
        intIn("retry.initial-delay-ms", 0, 3_600_000);
        decimal("retry.backoff-multiplier", BigDecimal.ONE);
        intIn("retry.max-delay-ms", 0, 3_600_000);
        intIn("retry.retry-after-cap-seconds", 0, 86_400);

        routesFolder("camel.main.routes-include-pattern", routesIncludePattern());
        bool("routes.live-reload");

        // Fear & Greed
        bool("feargreed.enabled");
        url("feargreed.base-url");
        cron("feargreed.cron");
        intIn("feargreed.limit", 1, 5000);
    }

    public static Settings load(Lookup lookup, ApiKeys apiKeys) {
        return new Settings(lookup, apiKeys);
    }

    /** The API keys (environment only, never properties: see {@link ApiKeys}). */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public Optional<String> optional(String key) {
        return lookup.get(key).map(String::strip).filter(s -> !s.isEmpty());
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigException(key, "is missing (set it in application.properties)"));
    }

    public boolean bool(String key) {
        String v = required(key);
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new ConfigException(key, "= '" + v + "' must be true or false");
        }
        return Boolean.parseBoolean(v);
    }

    public int intIn(String key, int min, int max) {
        String v = required(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new ConfigException(key, "= '" + v + "' must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "= '" + v + "' is not a whole number");
        }
    }

    public BigDecimal decimal(String key, BigDecimal min) {
        String v = required(key);
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.compareTo(min) < 0) {
                throw new ConfigException(key, "= '" + v + "' must be at least " + min.toPlainString());
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "= '" + v + "' is not a number");
        }
    }

    public String url(String key) {
        String v = required(key);
        try {
            URI u = URI.create(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "= '" + v + "' is not an http(s) URL");
        }
        if (v.endsWith("/")) {
            throw new ConfigException(key, "= '" + v + "' must not end with '/' (paths are appended to it)");
        }
        return v;
    }

    public String cron(String key) {
        String v = required(key);
        if (!CronExpression.isValidExpression(v)) {
            String why;
            try {
                new CronExpression(v);
                why = "";
            } catch (java.text.ParseException e) {
                why = " (" + e.getMessage() + ")";
            }
            throw new ConfigException(key, "= '" + v + "' is not a Quartz cron expression"
                + " (sec min hour day-of-month month day-of-week, e.g. '0 5 0 * * ?')" + why);
        }
        return v;
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
