package io.marketintel.routes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of {@code routes/*.camel.yaml} that never leaves a broken route behind. Camel's own reload removes the
 * routes of the edited file before it builds the new ones, so an edit that parses but does not start (a bad step, an
 * unknown endpoint) would leave nothing running. This strategy (1) reads the new file and builds its route model
 * first: a file that does not parse is reported and not applied; (2) reloads only that file's routes (Java routes
 * and other files are untouched); (3) checks every route of the file is started, and otherwise puts the last good
 * version of the file back.
 */
public final class GuardedRouteReload extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedRouteReload.class);

    private final Path folder;
    private final Map<String, String> lastGood = new ConcurrentHashMap<>();
    private volatile String lastError;
    private volatile int reloads;

    public GuardedRouteReload(String folder, String pattern) {
        super(folder, false);
        this.folder = Path.of(folder);
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

    @Override
    protected void doStart() throws Exception {
        try (var files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                lastGood.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        setResourceReload((name, resource) -> guardedReload(resource));
        super.doStart();
        LOG.info("Live reload of {} on (broken edits are rejected; the previous version keeps running)", folder);
    }

    void guardedReload(Resource resource) {
        String file = Path.of(resource.getLocation().replaceFirst("^file:", "")).getFileName().toString();
        String content;
        List<String> ids;
        try (var in = resource.getInputStream()) {
            content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (content.isBlank()) {
                // editors truncate before writing: the next event carries the content
                LOG.debug("routes/{} is empty for now; waiting for the write to finish", file);
                return;
            }
            ids = routeIds(ResourceHelper.fromString(resource.getLocation(), content));
        } catch (Exception e) {
            reject(file, e);
            return;
        }
        try {
            onRouteReload(List.of(ResourceHelper.fromString(resource.getLocation(), content)), false);
        } catch (RuntimeException e) {
            LOG.debug("reload of routes/{} failed: {}", file, e.getMessage());
        }
        List<String> notStarted = new ArrayList<>();
        for (String id : ids) {
            ServiceStatus st = getCamelContext().getRouteController().getRouteStatus(id);
            if (st == null || !st.isStarted()) {
                notStarted.add(id);
            }
        }
        if (notStarted.isEmpty()) {
            lastGood.put(file, content);
            lastError = null;
            reloads++;
            LOG.info("routes/{} reloaded: {}", file, ids);
            return;
        }
        String previous = lastGood.get(file);
        lastError = "routes/" + file + " was not applied: route(s) " + notStarted + " did not start; the previous version"
            + " of the file keeps running. Fix the file and save it again.";
        LOG.error(lastError);
        if (previous != null) {
            try {
                PluginHelper.getRoutesLoader(getCamelContext())
                    .updateRoutes(Set.of(ResourceHelper.fromString(resource.getLocation(), previous)));
            } catch (Exception e) {
                LOG.error("routes/{}: restoring the previous version failed too: {}", file, e.getMessage());
            }
        }
    }

    private void reject(String file, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.toString() : root.getMessage().replaceAll("\\s+", " ").strip();
        lastError = "routes/" + file + " was not applied: it does not parse (" + msg + "); the previous version keeps"
            + " running. Fix the file and save it again.";
        LOG.error(lastError);
    }

    /** Builds the file's route model without adding it to the context: parse and DSL errors surface here. */
    private List<String> routeIds(Resource resource) throws Exception {
        RoutesLoader loader = PluginHelper.getRoutesLoader(getCamelContext());
        Collection<RoutesBuilder> builders = loader.findRoutesBuilders(resource);
        List<String> ids = new ArrayList<>();
        for (RoutesBuilder b : builders) {
            if (b instanceof RouteBuilder rb) {
                rb.setCamelContext(getCamelContext());
                rb.configure();
                for (RouteDefinition rd : rb.getRouteCollection().getRoutes()) {
                    ids.add(rd.getRouteId());
                }
            }
        }
        return ids;
    }
}
