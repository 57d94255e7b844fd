package io.marketintel.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import io.marketintel.api.ApiRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The dashboard at {@code /}: one page and its scripts, served from the jar ({@code src/main/resources/web/}) by
 * platform-http routes, byte for byte, with their content types. It works offline: the chart library
 * (TradingView Lightweight Charts, pinned, with its license and attribution) is one of these files. Only the files
 * listed here are served.
 * <p>
 * Not {@code camel.server.staticEnabled}: Camel 4.17's static handler first looks for the requested path in the
 * working directory (so {@code GET /application.properties} or {@code /data/market_intel.db} would be served from an
 * installation), then on the whole classpath, and reads every file as text.
 */
public class DashboardRoutes extends RouteBuilder {

    /** URL path → resource under {@code web/} and its content type. */
    static final Map<String, String[]> FILES = new LinkedHashMap<>();

    static {
        FILES.put("/", new String[] {"index.html", "text/html; charset=utf-8"});
        FILES.put("/dashboard.js", new String[] {"dashboard.js", "text/javascript; charset=utf-8"});
        FILES.put("/dashboard.css", new String[] {"dashboard.css", "text/css; charset=utf-8"});
        FILES.put("/favicon.svg", new String[] {"favicon.svg", "image/svg+xml"});
        FILES.put("/vendor/lightweight-charts-5.2.1.standalone.production.js",
            new String[] {"vendor/lightweight-charts-5.2.1.standalone.production.js", "text/javascript; charset=utf-8"});
        FILES.put("/vendor/lightweight-charts-5.2.1.LICENSE.txt",
            new String[] {"vendor/lightweight-charts-5.2.1.LICENSE.txt", "text/plain; charset=utf-8"});
        FILES.put("/vendor/NOTICE.txt", new String[] {"vendor/NOTICE.txt", "text/plain; charset=utf-8"});
    }

    @Override
    public void configure() throws Exception {
        if (!ApiRoutes.serverEnabled(this)) {
            return;
        }
        for (Map.Entry<String, String[]> f : FILES.entrySet()) {
            byte[] body = load("web/" + f.getValue()[0]);
            String type = f.getValue()[1];
            String id = "dashboard-" + f.getValue()[0].replaceAll("[^A-Za-z0-9]+", "-");
            from("platform-http:" + f.getKey() + "?httpMethodRestrict=GET,HEAD").routeId(id)
                .process(e -> {
                    e.getMessage().removeHeaders("*");
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
                    // the page and its scripts change with the jar only; the data comes from the API
                    e.getMessage().setHeader("Cache-Control", "no-cache");
                    e.getMessage().setBody(body);
                });
        }
    }

    static byte[] load(String resource) throws IOException {
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("dashboard file " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
