package io.marketintel.cli;

import io.marketintel.pipeline.Source;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.marketintel.config.ConfigKeys;
import io.marketintel.config.Settings;
import io.marketintel.monitor.DataSourceHealthCheck;
import io.marketintel.store.Database;
import io.marketintel.store.Sql;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * {@code --check}: validates the installation without storing anything and without any trigger firing. One
 * {@link Item} per check: the configuration (already validated at start-up, or start-up would have stopped), the
 * database (reachable, writable — a write inside a rolled-back transaction —, schema at the shipped migration),
 * each YAML route file (parsed and built, not started), and one cheap call per enabled source.
 * <p>
 * The call a source's check makes is data, {@code check.<source-id>.*} in application.properties, so a new source of
 * {@link Source#ALL} brings its check with it: {@code url} ({@code none} for a source that calls no API),
 * {@code method} (GET; HEAD falls back to GET when refused), {@code body}, {@code key-header}/{@code key-env} (the
 * environment variable holding the key, which goes in a header) and {@code key-required}. Plain {@link HttpClient} with the configured
 * timeouts: a diagnostic, not ingestion, so no retries.
 */
public final class SetupCheck {

    /** One checked item; {@code fix} says what to do when it failed. */
    public record Item(boolean ok, String name, String detail, String fix) {

        public String line() {
            return (ok ? "✅ " : "❌ ") + name + ": " + detail + (ok || fix == null ? "" : " → fix: " + fix);
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(?:env:)?([A-Za-z0-9_.-]+)(?::[^}]*)?}}");

    private final CamelContext camel;
    private final Settings settings;
    private final DataSource ds;

    public SetupCheck(CamelContext camel, Settings settings, DataSource ds) {
        this.camel = camel;
        this.settings = settings;
        this.ds = ds;
    }

    public List<Item> run() {
        List<Item> items = new ArrayList<>();
        List<ConfigKeys.Problem> problems = settings.keyProblems;
        String notices = String.join("; ", problems.stream().filter(ConfigKeys.Problem::notice)
            .map(p -> p.where() + " " + p.what()).toList());
        List<ConfigKeys.Problem> typos = problems.stream().filter(p -> !p.notice()).toList();
        if (typos.isEmpty()) {
            items.add(new Item(true, "configuration", "every key valid (application.properties, defaults, environment,"
                + " -D)" + (notices.isEmpty() ? "" : "; " + notices), null));
        }
        typos.forEach(p -> items.add(new Item(false, "configuration", p.where() + ": " + p.what(), p.fix())));
        items.add(httpServer());
        items.addAll(database());
        items.addAll(routes());
        for (Source s : Source.ALL) {
            items.add(api(s));
        }
        return items;
    }

    public static String render(List<Item> items) {
        StringBuilder sb = new StringBuilder("market-intel setup check\n");
        for (Item i : items) {
            sb.append(i.line()).append('\n');
        }
        long failed = items.stream().filter(i -> !i.ok()).count();
        sb.append(failed == 0 ? "All " + items.size() + " checks passed.\n"
            : failed + " of " + items.size() + " checks failed.\n");
        return sb.toString();
    }

    // ---- database -------------------------------------------------------------------------------------------

    List<Item> database() {
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
            DataSourceHealthCheck.ping(ds, settings.intIn("health.db-timeout-ms", 100, 60_000));
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
    /** The scheduler's HTTP server may bind its address: loopback, or credentials in the environment. */
    private Item httpServer() {
        String host = settings.optional("camel.server.host").orElse("");
        String where = host + ":" + settings.optional("camel.server.port").orElse("?");
        io.marketintel.config.ApiKeys env = camel.getRegistry().lookupByNameAndType(
            io.marketintel.server.ServerConfiguration.ENVIRONMENT_BEAN, io.marketintel.config.ApiKeys.class);
        try {
            io.marketintel.server.ServerCredentials c = io.marketintel.server.ServerCredentials.from(
                env != null ? env : settings.apiKeys());
            var refused = io.marketintel.server.ServerConfiguration.refusal("camel.server.host", host, c);
            if (refused.isPresent()) {
                return new Item(false, "http server", "camel.server.host = " + host + " is not a loopback address and no "
                    + "credentials are set: the scheduler refuses to start", "set " + io.marketintel.server.ServerCredentials.TOKEN
                    + " (bearer), or " + io.marketintel.server.ServerCredentials.USER + " and "
                    + io.marketintel.server.ServerCredentials.PASSWORD + " (basic), in the environment, or bind 127.0.0.1");
            }
            return new Item(true, "http server", where + (c.any() ? ", credentials asked (" + String.join(" or ",
                c.schemes()) + ")" : ", loopback only") + " (the scheduler and --demo start it)", null);
        } catch (io.marketintel.config.ConfigException e) {
            return new Item(false, "http server", e.getMessage(), "set both " + io.marketintel.server.ServerCredentials.USER
                + " and " + io.marketintel.server.ServerCredentials.PASSWORD + ", or neither");
        }
    }

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

    // ---- routes ---------------------------------------------------------------------------------------------

    List<Item> routes() {
        List<Item> out = new ArrayList<>();
        String pattern = settings.routesIncludePattern();
        for (String part : pattern.split(",")) {
            String p = part.strip();
            if (!p.startsWith("file:")) {
                continue;
            }
            Path glob = Path.of(p.substring("file:".length()));
            Path dir = glob.getParent() == null ? Path.of(".") : glob.getParent();
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
            List<Path> files;
            try (var list = Files.list(dir)) {
                files = list.filter(f -> m.matches(f.getFileName())).sorted().toList();
            } catch (IOException e) {
                out.add(new Item(false, "routes " + dir, "cannot list the folder: " + e.getMessage(),
                    "start from the installation folder, which holds routes/"));
                continue;
            }
            if (files.isEmpty()) {
                out.add(new Item(false, "routes " + dir, "no file matches " + p,
                    "start from the installation folder, which holds routes/"));
            }
            for (Path f : files) {
                out.add(route(dir.resolve(f.getFileName())));
            }
        }
        return out;
    }

    /** Parses a YAML route file and builds its routes in the context without starting them. */
    Item route(Path file) {
        String name = "routes/" + file.getFileName();
        List<RouteDefinition> defs = new ArrayList<>();
        try {
            String content = Files.readString(file);
            Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camel)
                .findRoutesBuilders(ResourceHelper.fromString("file:" + file, content));
            for (RoutesBuilder b : builders) {
                if (b instanceof RouteBuilder rb) {
                    rb.setCamelContext(camel);
                    rb.configure();
                    defs.addAll(rb.getRouteCollection().getRoutes());
                }
            }
        } catch (Exception e) {
            return new Item(false, name, "does not parse: " + oneLine(e), "correct the YAML at the place named");
        }
        try {
            // built (endpoints, beans and placeholders resolved) but never started: no trigger can fire
            defs.forEach(d -> d.setAutoStartup("false"));
            camel.getCamelContextExtension().getContextPlugin(Model.class).addRouteDefinitions(defs);
        } catch (Exception e) {
            return new Item(false, name, "parses but its routes cannot be built: " + oneLine(e),
                "correct the step, endpoint or property named");
        }
        return new Item(true, name, defs.size() + " route(s) parse and build: "
            + String.join(", ", defs.stream().map(RouteDefinition::getRouteId).toList()), null);
    }

    // ---- APIs -----------------------------------------------------------------------------------------------

    Item api(Source s) {
        String name = "api " + s.id();
        if (!Boolean.parseBoolean(settings.optional(s.enabledKey()).orElse("false"))) {
            // a switch derived at start-up (auto) says why it is off, rather than a value the user never wrote
            return new Item(true, name, "disabled (" + settings.optional(s.enabledKey() + ".from")
                .orElse(s.enabledKey() + "=false") + "), not called", null);
        }
        String prefix = "check." + s.id() + ".";
        Optional<String> url;
        try {
            url = settings.optional(prefix + "url");
        } catch (RuntimeException e) {
            return new Item(false, name, prefix + "url cannot be resolved: " + oneLine(e),
                "define the property it refers to");
        }
        if (url.isEmpty()) {
            return new Item(false, name, "no check declared", "add " + prefix + "url (the cheap call that proves the API"
                + " answers) to application.properties, or 'none' for a source that calls no API");
        }
        if ("none".equalsIgnoreCase(url.get())) {
            return new Item(true, name, "calls no API, nothing to check", null);
        }
        String urlKey = referencedKey(prefix + "url");
        String fixUrl = urlKey != null ? "check " + urlKey : "check " + prefix + "url";
        String method = settings.optional(prefix + "method").orElse("GET").toUpperCase(Locale.ROOT);
        String header = settings.optional(prefix + "key-header").orElse(null);
        // the key by the name of its environment variable, never as a property (see ApiKeys)
        String keyVar = settings.optional(prefix + "key-env").orElse(null);
        String key = header == null || keyVar == null ? null : settings.apiKeys().get(keyVar).orElse(null);
        String keyHint = keyVar != null ? "the environment variable " + keyVar : prefix + "key-env";
        boolean keyRequired = Boolean.parseBoolean(settings.optional(prefix + "key-required").orElse("false"));
        if (keyRequired && key == null) {
            return new Item(false, name, "no API key", "set " + keyHint + " (sent as header " + header + ")");
        }
        String what = method + " " + url.get() + (key != null ? " (with " + header + ")" : "");
        try {
            Answer r = call(method, url.get(), settings.optional(prefix + "body").orElse(null), header, key);
            if ("HEAD".equals(method) && (r.status() == 405 || r.status() == 501)) {
                what = "GET " + url.get() + " (HEAD refused)";
                r = call("GET", url.get(), null, header, key);
            }
            int st = r.status();
            if (st >= 200 && st < 400) {
                return new Item(true, name, what + " → " + st + " in " + r.ms() + " ms", null);
            }
            return new Item(false, name, what + " → HTTP " + st, fixFor(s, st, r, fixUrl, keyHint, header, key != null));
        } catch (HttpConnectTimeoutException e) {
            return new Item(false, name, what + " → no connection within http.connect-timeout-ms="
                + settings.intIn("http.connect-timeout-ms", 1, 600_000) + " ms", fixUrl + " and the network (proxy, firewall)");
        } catch (HttpTimeoutException e) {
            return new Item(false, name, what + " → no answer within http.response-timeout-ms="
                + settings.responseTimeoutMs + " ms", "the provider is slow or unreachable: retry later, or raise "
                + "http.response-timeout-ms");
        } catch (ConnectException e) {
            return new Item(false, name, what + " → cannot connect (" + (e.getMessage() == null ? "refused" : e.getMessage())
                + ")",
                fixUrl + " and that the host is reachable from here");
        } catch (IOException e) {
            Throwable c = e;
            while (c.getCause() != null && !(c instanceof UnknownHostException)) {
                c = c.getCause();
            }
            if (c instanceof UnknownHostException) {
                return new Item(false, name, what + " → unknown host " + c.getMessage(), fixUrl + " and DNS");
            }
            return new Item(false, name, what + " → " + oneLine(e), fixUrl + " and the network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Item(false, name, what + " → interrupted", "run --check again");
        } catch (IllegalArgumentException e) {
            return new Item(false, name, what + " → not a usable URL (" + oneLine(e) + ")", fixUrl);
        }
    }

    /** What a probe got back. */
    record Answer(int status, HttpHeaders headers, long ms) {
    }

    private Answer call(String method, String url, String body, String header, String key)
        throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(settings.intIn("http.connect-timeout-ms", 1, 600_000)))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofMillis(settings.responseTimeoutMs))
            .header("Accept", "application/json, text/html;q=0.9, */*;q=0.1");
        if (header != null && key != null) {
            rb.header(header, key);
        }
        if (body != null) {
            rb.header("Content-Type", "application/json");
            rb.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long t0 = System.nanoTime();
        HttpResponse<Void> r = client.send(rb.build(), HttpResponse.BodyHandlers.discarding());
        return new Answer(r.statusCode(), r.headers(), (System.nanoTime() - t0) / 1_000_000);
    }

    static String fixFor(Source s, int status, Answer r, String fixUrl, String keyHint, String header,
                         boolean keySent) {
        String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if ((status == 403 || status == 503) && type.contains("html")) {
            return "the provider answers with a bot-challenge page from this network; try later or from another network,"
                + " or set " + s.enabledKey() + "=false";
        }
        if (status == 401 || status == 403) {
            return header == null ? "the provider refuses this client; " + fixUrl
                : (keySent ? "the key was refused: check " : "a key is needed: set ") + keyHint + " (header " + header + ")";
        }
        if (status == 400 && keySent) {
            return "check " + keyHint + " matches this host (a Demo key on a Pro host, or the reverse, answers 400)";
        }
        if (status == 404 || status == 400) {
            return fixUrl + " (the path does not exist there)";
        }
        if (status == 429) {
            return "rate-limited" + r.headers().firstValue("Retry-After").map(v -> " (Retry-After " + v + " s)").orElse("")
                + ": wait, then run --check again";
        }
        if (status >= 500) {
            return "the provider is failing right now: retry later";
        }
        return fixUrl;
    }

    /**
     * The property a value refers to ({@code {{feargreed.base-url}}/fng/} → feargreed.base-url), for fix hints. A key
     * derived at start-up is not one users set: its {@code <key>.from} names the one they do
     * ({@code coingecko.api-root} → {@code coingecko.base-url (coingecko.plan=public)}).
     */
    private String referencedKey(String key) {
        try {
            String raw = camel.getPropertiesComponent().loadProperties().getProperty(key);
            if (raw != null) {
                Matcher m = PLACEHOLDER.matcher(raw);
                if (m.find()) {
                    return settings.optional(m.group(1) + ".from").orElse(m.group(1));
                }
            }
        } catch (RuntimeException ignored) {
            // only a hint
        }
        return null;
    }

    /**
     * An error as one line for the console: a YAML error as {@code <file> line L, column C: problem (context)}, anything
     * else as its root cause's message with line breaks folded.
     */
    public static String oneLine(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYamlEngineException y && y.getProblemMark().isPresent()) {
                Mark m = y.getProblemMark().get();
                return m.getName().replaceFirst("^file:", "") + " line " + (m.getLine() + 1) + ", column "
                    + (m.getColumn() + 1) + ": " + y.getProblem().strip()
                    + (y.getContext() == null ? "" : " (" + y.getContext().strip() + ")");
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }
}
