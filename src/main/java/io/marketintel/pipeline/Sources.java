package io.marketintel.pipeline;

import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The catalog of sources: every {@code templatedRoute} of the source templates in the route files, in file order,
 * the derived jobs (the snapshot) last. The YAML declaration is the only place a source is listed; the runner,
 * catch-up, {@code --once}, {@code --status}, {@code --check}, replay, retention and the MBeans all read it from here.
 * Read from the files themselves (not from the started routes), so the verbs that start no route see the same list.
 */
public final class Sources {

    /** A source triggered by Quartz on its cron. */
    public static final String SCHEDULED = "scheduled-source";
    /** A source triggered by files dropped into a folder. */
    public static final String DROP_FOLDER = "drop-folder-source";

    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);

    private final List<Source> all;

    public Sources(List<Source> all) {
        this.all = Stream.concat(all.stream().filter(s -> !s.derived()), all.stream().filter(Source::derived)).toList();
    }

    private static final String ORDER = "order";

    /** Reads the declarations from the route files matching {@code pattern} (comma-separated, as Camel Main's). */
    public static Sources load(CamelContext camel, String pattern) throws Exception {
        List<Map.Entry<Integer, Source>> found = new ArrayList<>();
        for (String p : pattern.split(",")) {
            if (p.isBlank()) {
                continue;
            }
            Collection<Resource> resources = PluginHelper.getPackageScanResourceResolver(camel).findResources(p.strip());
            List<Resource> sorted = resources.stream()
                .sorted(Comparator.comparing(Resource::getLocation)).toList();
            for (Resource r : sorted) {
                try {
                    for (Map.Entry<Integer, Source> e : declared(camel, r)) {
                        found.add(e);
                    }
                } catch (IllegalArgumentException e) {
                    throw e;
                } catch (Exception e) {
                    // the start (or --check's line for the file) names the parse error; this says what it costs
                    LOG.warn("{} does not parse: the sources it declares are not known to this process ({})",
                        r.getLocation(), e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        // stable: equal orders keep file order
        return new Sources(found.stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList());
    }

    /** The sources one route file declares, each with its order. */
    private static List<Map.Entry<Integer, Source>> declared(CamelContext camel, Resource resource) throws Exception {
        List<Map.Entry<Integer, Source>> out = new ArrayList<>();
        for (RoutesBuilder b : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
            if (b instanceof RouteBuilder rb) {
                rb.configureRoutes(camel);
                for (TemplatedRouteDefinition t : rb.getTemplatedRouteCollection().getTemplatedRoutes()) {
                    String ref = t.getRouteTemplateRef();
                    if (SCHEDULED.equals(ref) || DROP_FOLDER.equals(ref)) {
                        Source s = of(ref, t, resource.getLocation());
                        String order = t.getParameters().stream().filter(d -> ORDER.equals(d.getName()))
                            .map(TemplatedRouteParameterDefinition::getValue).findFirst().orElse("100");
                        try {
                            out.add(Map.entry(Integer.parseInt(order.strip()), s));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(resource.getLocation() + ": the declaration of " + s.id()
                                + " has order '" + order + "'; a whole number (lowest runs first)");
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Source of(String template, TemplatedRouteDefinition t, String where) {
        Map<String, String> p = new LinkedHashMap<>();
        for (TemplatedRouteParameterDefinition d : t.getParameters()) {
            p.put(d.getName(), d.getValue());
        }
        for (String required : List.of("source", "settings", "tables")) {
            if (p.get(required) == null || p.get(required).isBlank()) {
                throw new IllegalArgumentException(where + ": the " + template + " declaration "
                    + (p.get("source") == null ? "" : "of " + p.get("source") + " ") + "has no parameter '" + required
                    + "'; a source declares source, settings and tables");
            }
        }
        List<String> tables = list(p.get("tables"));
        return new Source(p.get("source"), p.get("settings"), tables, list(p.getOrDefault("labels", "")),
            "us-trading-days".equals(p.getOrDefault("calendar", "continuous")), SCHEDULED.equals(template),
            "derived".equals(p.getOrDefault("role", "source")), "true".equals(p.getOrDefault("sharded", "false")));
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Every source and derived job: the sources in declaration order, then the derived ones. */
    public List<Source> jobs() {
        return all;
    }

    /** The sources proper (not derived), in declaration order. */
    public List<Source> sources() {
        return all.stream().filter(s -> !s.derived()).toList();
    }

    /** The derived jobs (the snapshot), run after the sources. */
    public List<Source> derived() {
        return all.stream().filter(Source::derived).toList();
    }

    public List<String> ids() {
        return all.stream().map(Source::id).toList();
    }

    /** Every table a source or derived job writes. */
    public List<String> tables() {
        return all.stream().flatMap(s -> s.tables().stream()).distinct().toList();
    }

    public Source byId(String id) {
        return all.stream().filter(s -> s.id().equals(id)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown source '" + id + "'; known: " + ids()));
    }
}
