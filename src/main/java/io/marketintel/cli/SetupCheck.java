package io.marketintel.cli;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.marketintel.config.ConfigKeys;
import io.marketintel.config.Key;
import io.marketintel.config.Settings;
import io.marketintel.pipeline.Failures;
import io.marketintel.pipeline.Source;
import io.marketintel.pipeline.Sources;
import org.apache.camel.CamelContext;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * {@code --check}: validates the installation without storing anything and without any trigger firing. One
 * {@link Item} per check: the configuration (every declared key was checked at start-up, or start-up would have
 * stopped with a ❌ line; here the typos), the database ({@link DatabaseCheck}), each YAML route file, parsed and built
 * but not started ({@link RouteFileCheck}), and one cheap call per enabled source ({@link ApiProbe}).
 */
public final class SetupCheck {

    /** One checked item; {@code fix} says what to do when it failed. */
    public record Item(boolean ok, String name, String detail, String fix) {

        public String line() {
            return (ok ? "✅ " : "❌ ") + name + ": " + detail + (ok || fix == null ? "" : " → fix: " + fix);
        }
    }

    private final CamelContext camel;
    private final Settings settings;
    private final DatabaseCheck database;
    private final RouteFileCheck routes;
    private final ApiProbe apis;

    public SetupCheck(CamelContext camel, Settings settings, DataSource ds) {
        this.camel = camel;
        this.settings = settings;
        this.database = new DatabaseCheck(settings, ds);
        this.routes = new RouteFileCheck(camel, settings);
        this.apis = new ApiProbe(camel, settings);
    }

    public List<Item> run() {
        List<Item> items = new ArrayList<>();
        List<ConfigKeys.Problem> problems = settings.keyProblems;
        String notices = String.join("; ", problems.stream().filter(ConfigKeys.Problem::notice)
            .map(p -> p.where() + " " + p.what()).toList());
        List<ConfigKeys.Problem> typos = problems.stream().filter(p -> !p.notice()).toList();
        if (typos.isEmpty()) {
            long checked = settings.keys().all().stream().filter(k -> k.use() == Key.Use.AT_START).count();
            items.add(new Item(true, "configuration", "every key valid (" + checked + " declared keys checked in"
                + " application.properties, defaults, environment, -D)" + (notices.isEmpty() ? "" : "; " + notices), null));
        }
        typos.forEach(p -> items.add(new Item(false, "configuration", p.where() + ": " + p.what(), p.fix())));
        items.add(httpServer());
        items.addAll(database.lines());
        items.addAll(routes.lines());
        for (Source s : camel.getRegistry().findSingleByType(Sources.class).sources()) {
            items.add(apis.api(s));
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

    List<Item> database() {
        return database.lines();
    }

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

    Item api(Source s) {
        return apis.api(s);
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
        Throwable root = Failures.rootCause(e);
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }
}
