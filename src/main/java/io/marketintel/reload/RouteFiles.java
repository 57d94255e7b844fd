package io.marketintel.reload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * A YAML route file read into its definitions without adding them to the context, so parse and DSL errors surface
 * before anything runs: the one loop live reload ({@link GuardedRouteReload}, before it applies an edit) and
 * {@code --check} (which then builds the routes without starting them) share. A file holds plain routes, route
 * templates (routes/pipeline.camel.yaml) and templatedRoutes (each source's declaration, its call and store).
 */
public final class RouteFiles {

    private RouteFiles() {
    }

    /** What one file declares. */
    public record Parsed(List<RouteDefinition> routes, List<RouteTemplateDefinition> templates,
                         List<TemplatedRouteDefinition> templated) {

        /** Every route id the file makes: its plain routes and its templatedRoutes. */
        public List<String> ids() {
            List<String> ids = new ArrayList<>(routes.stream().map(RouteDefinition::getRouteId).toList());
            templated.forEach(t -> ids.add(t.getRouteId()));
            return ids;
        }
    }

    /** The file's definitions; throws what the YAML parser or the DSL threw. */
    public static Parsed parse(CamelContext camel, Resource resource) throws Exception {
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource);
        List<RouteDefinition> routes = new ArrayList<>();
        List<RouteTemplateDefinition> templates = new ArrayList<>();
        List<TemplatedRouteDefinition> templated = new ArrayList<>();
        for (RoutesBuilder b : builders) {
            if (b instanceof RouteBuilder rb) {
                rb.setCamelContext(camel);
                rb.configure();
                routes.addAll(rb.getRouteCollection().getRoutes());
                templates.addAll(rb.getRouteTemplateCollection().getRouteTemplates());
                templated.addAll(rb.getTemplatedRouteCollection().getTemplatedRoutes());
            }
        }
        return new Parsed(routes, templates, templated);
    }

    /** The route template a templatedRoute names, from the context; an error naming both when there is none. */
    public static RouteTemplateDefinition template(CamelContext camel, TemplatedRouteDefinition t) {
        RouteTemplateDefinition template = camel.getCamelContextExtension().getContextPlugin(Model.class)
            .getRouteTemplateDefinition(t.getRouteTemplateRef());
        if (template == null) {
            throw new IllegalArgumentException("templatedRoute " + t.getRouteId() + " names route template '"
                + t.getRouteTemplateRef() + "', which no route file defines (routes/pipeline.camel.yaml holds the"
                + " shipped ones)");
        }
        return template;
    }

    /** A templatedRoute's parameters with its template's defaults filled in. */
    public static Map<String, String> parameters(RouteTemplateDefinition template, TemplatedRouteDefinition t) {
        Map<String, String> values = new LinkedHashMap<>();
        template.getTemplateParameters().forEach(d -> {
            if (d.getDefaultValue() != null) {
                values.put(d.getName(), d.getDefaultValue());
            }
        });
        t.getParameters().forEach(d -> values.put(d.getName(), d.getValue()));
        return values;
    }
}
