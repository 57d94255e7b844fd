package io.marketintel.reload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * A YAML route file read into its route definitions without adding them to the context, so parse and DSL errors
 * surface before anything runs: the one loop live reload ({@link GuardedRouteReload}, before it applies an edit) and
 * {@code --check} (which then builds the routes without starting them) share.
 */
public final class RouteFiles {

    private RouteFiles() {
    }

    /** The routes {@code resource} declares, in file order; throws what the YAML parser or the DSL threw. */
    public static List<RouteDefinition> definitions(CamelContext camel, Resource resource) throws Exception {
        Collection<RoutesBuilder> builders = PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource);
        List<RouteDefinition> routes = new ArrayList<>();
        for (RoutesBuilder b : builders) {
            if (b instanceof RouteBuilder rb) {
                rb.setCamelContext(camel);
                rb.configure();
                routes.addAll(rb.getRouteCollection().getRoutes());
            }
        }
        return routes;
    }
}
