package io.marketintel.reload;

import java.util.HashMap;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.marketintel.pipeline.Failures;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.model.language.MethodCallExpression;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of {@code routes/*.camel.yaml} that never leaves a broken route behind and never reports an edit it did
 * not apply. Camel's own reload removes the routes of the edited file before it builds the new ones (an edit that
 * parses but does not start leaves nothing running), fails on a relative folder ({@code file:routes/x.yaml} is not a
 * hierarchical URI) and reloads once per file-system event (an editor's save is often two or three). This strategy:
 * <ol>
 * <li>watches the folder by its absolute path, so the shipped relative {@code routes} works;</li>
 * <li>debounces: a file is read {@value #QUIET_MS} ms after its last event, and content equal to what runs is not
 * reloaded again (one save, one reload);</li>
 * <li>builds the new file's route model first and checks every bean it names exists: a file that does not parse or
 * names a missing bean is reported and not applied;</li>
 * <li>replaces only that file's routes (Java routes and other files are untouched), removes routes the edit deleted,
 * and checks every route of the file started — otherwise it puts the last good version back.</li>
 * </ol>
 * "reloaded" is logged only when the new version runs.
 */
public final class GuardedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRouteReload.class);
    /** editors write a file in several steps (truncate, write, rename): wait for the writes to settle */
    static final long QUIET_MS = 400;

    private final Path folder;
    private final Map<String, String> lastGood = new ConcurrentHashMap<>();
    private final Map<String, List<String>> lastIds = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService debouncer;
    private volatile String lastError;
    private volatile int reloads;
    private volatile int rejections;

    public GuardedRouteReload(String folder, String pattern) {
        super(Path.of(folder).toAbsolutePath().normalize().toString(), false);
        this.folder = Path.of(folder).toAbsolutePath().normalize();
        setPattern(pattern);
        setRemoveAllRoutes(false);
    }

    /** The last rejected edit, for tests and operators (null when the last edit applied). */
    public String lastError() {
        return lastError;
    }

    /** Edits applied so far. */
    public int reloads() {
        return reloads;
    }

    /** Edits rejected so far. */
    public int rejections() {
        return rejections;
    }

    @Override
    protected void doStart() throws Exception {
        try (var files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                String content = Files.readString(p, StandardCharsets.UTF_8);
                lastGood.put(p.getFileName().toString(), content);
                try {
                    lastIds.put(p.getFileName().toString(), model(resource(p, content)).ids());
                } catch (Exception e) {
                    // it was loaded at start-up, so it parses; a failure here only loses deleted-route cleanup
                    LOG.warn("routes/{}: its route ids could not be read for live reload ({}); a route an edit deletes"
                        + " from it keeps running until a restart", p.getFileName(), rootMessage(e));
                }
            }
        }
        debouncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "market-intel-route-reload");
            t.setDaemon(true);
            return t;
        });
        setResourceReload((name, resource) -> schedule(resource));
        super.doStart();
        LOG.info("Live reload of {} on (an edit applies on save; a broken edit is rejected and the previous version keeps"
            + " running)", folder);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (debouncer != null) {
            debouncer.shutdownNow();
        }
    }

    private void schedule(Resource resource) {
        String file = fileName(resource);
        pending.compute(file, (f, previous) -> {
            if (previous != null) {
                previous.cancel(false);
            }
            return debouncer.schedule(() -> {
                pending.remove(f);
                guardedReload(folder.resolve(f));
            }, QUIET_MS, TimeUnit.MILLISECONDS);
        });
    }

    /** Applies the current content of {@code path}, or rejects it with a reason; synchronized: one edit at a time. */
    synchronized void guardedReload(Path path) {
        String file = path.getFileName().toString();
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            LOG.warn("routes/{} was deleted; its routes keep running until the next restart", file);
            return;
        } catch (Exception e) {
            reject(file, "it could not be read (" + rootMessage(e) + ")");
            return;
        }
        if (content.isBlank()) {
            // editors truncate before writing: the next event carries the content
            LOG.debug("routes/{} is empty for now; waiting for the write to finish", file);
            return;
        }
        if (content.equals(lastGood.get(file))) {
            LOG.debug("routes/{}: content unchanged, nothing to reload", file);
            return;
        }
        Resource resource = resource(path, content);
        FileRoutes model;
        try {
            model = model(resource);
        } catch (Exception e) {
            reject(file, "it does not parse (" + rootMessage(e) + ")");
            return;
        }
        if (!model.templates().isEmpty()) {
            // Camel does not re-make the routes already made from a template: applying it now would be half true
            reject(file, "it holds route templates " + model.templates() + ", which take effect at the next start"
                + " (restart the runtime to apply them)");
            return;
        }
        List<String> missing = model.missingBeans(this);
        if (!missing.isEmpty()) {
            reject(file, "it names bean(s) that do not exist: " + missing + " (known beans are bound by the runtime's"
                + " configuration classes; check the spelling)");
            return;
        }
        String failure = null;
        try {
            removeDeletedRoutes(file, model.ids());
            removeRoutes(model.ids());
            addRoutes(resource);
        } catch (Exception e) {
            failure = rootMessage(e);
        }
        List<String> notStarted = new ArrayList<>();
        for (String id : model.ids()) {
            if (!running(id)) {
                notStarted.add(id);
            }
        }
        if (failure == null && notStarted.isEmpty()) {
            lastGood.put(file, content);
            lastIds.put(file, model.ids());
            lastError = null;
            reloads++;
            LOG.info("routes/{} reloaded: {}", file, model.ids());
            return;
        }
        reject(file, failure != null ? "it did not start (" + failure + ")" : "route(s) " + notStarted + " did not start");
        restore(file, path);
    }

    private void removeDeletedRoutes(String file, List<String> newIds) throws Exception {
        for (String old : lastIds.getOrDefault(file, List.of())) {
            if (!newIds.contains(old) && getCamelContext().getRoute(old) != null) {
                getCamelContext().getRouteController().stopRoute(old);
                getCamelContext().removeRoute(old);
                LOG.info("routes/{}: route {} removed (no longer in the file)", file, old);
            }
        }
    }

    /**
     * Adds a file's routes as at start (plain routes and templatedRoutes alike; Camel's updateRoutes re-adds only
     * the plain ones, a templated route belonging to its template's file).
     */
    private void addRoutes(Resource resource) throws Exception {
        Model camelModel = getCamelContext().getCamelContextExtension()
            .getContextPlugin(Model.class);
        RouteFiles.Parsed parsed = RouteFiles.parse(getCamelContext(), resource);
        camelModel.addRouteDefinitions(parsed.routes());
        camelModel.addRouteFromTemplatedRoutes(parsed.templated());
    }


    /** Started, or present and meant to stay stopped (a disabled source's trigger: autoStartup false). */
    private boolean running(String id) {
        Route route = getCamelContext().getRoute(id);
        ServiceStatus st = getCamelContext().getRouteController().getRouteStatus(id);
        return route != null && st != null && (st.isStarted() || !route.isAutoStartup());
    }

    private void removeRoutes(List<String> ids) throws Exception {
        for (String id : ids) {
            if (getCamelContext().getRoute(id) != null) {
                getCamelContext().getRouteController().stopRoute(id);
                getCamelContext().removeRoute(id);
            }
        }
    }

    private void restore(String file, Path path) {
        String previous = lastGood.get(file);
        if (previous == null) {
            return;
        }
        try {
            removeRoutes(lastIds.getOrDefault(file, List.of()));
            addRoutes(resource(path, previous));
            List<String> down = lastIds.getOrDefault(file, List.of()).stream().filter(id -> !running(id)).toList();
            if (!down.isEmpty()) {
                LOG.error("routes/{}: the previous version did not come back: route(s) {} not running; restart the"
                    + " runtime after fixing the file", file, down);
                return;
            }
            LOG.info("routes/{}: the previous version runs again", file);
        } catch (Exception e) {
            LOG.error("routes/{}: restoring the previous version failed too ({}); restart the runtime after fixing the"
                + " file", file, rootMessage(e));
        }
    }

    private void reject(String file, String why) {
        rejections++;
        lastError = "routes/" + file + " was not applied: " + why + "; the previous version keeps running. Fix the file"
            + " and save it again.";
        LOG.error(lastError);
    }

    private static Resource resource(Path path, String content) {
        return ResourceHelper.fromString("file:" + path.toAbsolutePath().normalize(), content);
    }

    private static String fileName(Resource resource) {
        String loc = resource.getLocation().replaceFirst("^file:", "");
        return Path.of(loc).getFileName().toString();
    }

    static String rootMessage(Throwable e) {
        Throwable root = Failures.rootCause(e);
        return root.getMessage() == null ? root.toString() : root.getMessage().replaceAll("\\s+", " ").strip();
    }

    /**
     * A file's route model, built without adding it to the context: parse and DSL errors surface here. A templated
     * route counts as one of its routes, read from its template with the declaration's parameters.
     */
    private record FileRoutes(List<RouteDefinition> routes, Map<RouteDefinition, Map<String, String>> parameters,
                         List<String> templates) {

        List<String> ids() {
            return routes.stream().map(RouteDefinition::getRouteId).toList();
        }

        /** Bean names (bean steps and method-call expressions) that are not in the registry. */
        List<String> missingBeans(GuardedRouteReload owner) {
            var camel = owner.getCamelContext();
            Set<String> missing = new LinkedHashSet<>();
            for (RouteDefinition rd : routes) {
                Collection<ProcessorDefinition> all = ProcessorDefinitionHelper.filterTypeInOutputs(rd.getOutputs(),
                    ProcessorDefinition.class);
                for (ProcessorDefinition<?> p : all) {
                    String ref = null;
                    if (p instanceof BeanDefinition b && b.getBeanType() == null) {
                        ref = b.getRef();
                    } else if (p instanceof ExpressionNode n) {
                        ExpressionDefinition e = n.getExpression();
                        if (e instanceof MethodCallExpression m && m.getBeanTypeName() == null) {
                            ref = m.getRef();
                        }
                    }
                    if (ref == null || ref.isBlank() || ref.startsWith("#")) {
                        continue;
                    }
                    for (Map.Entry<String, String> param : parameters.getOrDefault(rd, Map.of()).entrySet()) {
                        ref = ref.replace("{{" + param.getKey() + "}}", param.getValue());
                    }
                    String name = camel.resolvePropertyPlaceholders(ref);
                    if (camel.getRegistry().lookupByName(name) == null) {
                        missing.add(name);
                    }
                }
            }
            return new ArrayList<>(missing);
        }
    }

    private FileRoutes model(Resource resource) throws Exception {
        RouteFiles.Parsed parsed = RouteFiles.parse(getCamelContext(), resource);
        List<RouteDefinition> routes = new ArrayList<>(parsed.routes());
        Map<RouteDefinition, Map<String, String>> parameters = new HashMap<>();
        for (TemplatedRouteDefinition t : parsed.templated()) {
            RouteTemplateDefinition template = RouteFiles.template(getCamelContext(), t);
            RouteDefinition rd = template.asRouteDefinition();
            rd.setId(t.getRouteId());
            parameters.put(rd, RouteFiles.parameters(template, t));
            routes.add(rd);
        }
        return new FileRoutes(routes, parameters, parsed.templates().stream().map(t -> t.getId()).toList());
    }
}
