package io.marketintel.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

import io.marketintel.cli.SetupCheck.Item;
import io.marketintel.config.Settings;
import io.marketintel.reload.RouteFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.support.ResourceHelper;

/**
 * {@code --check}'s route lines: each file of {@code camel.main.routes-include-pattern} parsed and its routes built
 * (endpoints, beans and placeholders resolved) but never started, so no trigger fires. A file that does not parse is
 * one line with its line and column; the other files are still checked.
 */
final class RouteFileCheck {

    private final CamelContext camel;
    private final Settings settings;

    RouteFileCheck(CamelContext camel, Settings settings) {
        this.camel = camel;
        this.settings = settings;
    }

    List<Item> lines() {
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
            // the route templates first (pipeline.camel.yaml), so each file's templatedRoutes can be built alone
            for (Path f : files) {
                registerTemplates(dir.resolve(f.getFileName()));
            }
            for (Path f : files) {
                out.add(route(dir.resolve(f.getFileName())));
            }
        }
        return out;
    }

    /** Registers a file's route templates, their routes never started (a file that does not parse is left out). */
    private void registerTemplates(Path file) {
        try {
            for (RouteTemplateDefinition t : RouteFiles.parse(camel,
                    ResourceHelper.fromString("file:" + file, Files.readString(file))).templates()) {
                t.getRoute().setAutoStartup("false");
                camel.getCamelContextExtension().getContextPlugin(Model.class).addRouteTemplateDefinition(t);
            }
        } catch (Exception e) {
            // not lost: route(file) parses the same file and its ❌ line names the error
        }
    }

    /** Parses a YAML route file and builds its routes in the context without starting them. */
    Item route(Path file) {
        String name = "routes/" + file.getFileName();
        RouteFiles.Parsed parsed;
        try {
            parsed = RouteFiles.parse(camel, ResourceHelper.fromString("file:" + file, Files.readString(file)));
        } catch (Exception e) {
            return new Item(false, name, "does not parse: " + SetupCheck.oneLine(e), "correct the YAML at the place named");
        }
        try {
            // built (endpoints, beans and placeholders resolved) but never started: no trigger can fire (the
            // templates' routes were registered with autoStartup false)
            parsed.routes().forEach(d -> d.setAutoStartup("false"));
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            for (TemplatedRouteDefinition t : parsed.templated()) {
                RouteFiles.template(camel, t);
                model.addRouteFromTemplatedRoute(t);
            }
            model.addRouteDefinitions(parsed.routes());
        } catch (Exception e) {
            return new Item(false, name, "parses but its routes cannot be built: " + SetupCheck.oneLine(e),
                "correct the step, endpoint or property named");
        }
        List<String> ids = parsed.ids();
        return new Item(true, name, ids.size() + " route(s) parse and build: " + String.join(", ", ids), null);
    }
}
