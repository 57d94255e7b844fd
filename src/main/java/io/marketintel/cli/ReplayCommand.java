package io.marketintel.cli;

import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import java.io.PrintStream;
import java.util.List;

import io.marketintel.deadletter.DeadLetterReplay;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.Sources;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.slf4j.LoggerFactory;

/** {@code --replay-dead-letters [--source ID]}: pending dead letters through their routes again; ok when all stored. */
public final class ReplayCommand implements Command {

    private final String source;
    @BeanInject("ingestRunner")
    private IngestRunner runner;
    @BeanInject("deadLetterReplay")
    private DeadLetterReplay replay;

    /** {@code source}: {@code --source}, or null for every source. */
    ReplayCommand(String source) {
        this.source = source;
    }

    /**
     * Null when {@code source} is declared in the route files the properties name (read from {@code locations}, with
     * {@code overrides} winning); else the usage error naming the declared ones.
     */
    public static String unknownSource(String source, String locations, Properties overrides) {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation(locations);
            camel.getPropertiesComponent().setOverrideProperties(overrides);
            String pattern = camel.getPropertiesComponent().resolveProperty("camel.main.routes-include-pattern").orElse("");
            Sources sources = Sources.load(camel, pattern);
            return sources.ids().contains(source) ? null
                : "--source " + source + " is not a source; valid: " + String.join(", ", sources.ids());
        } catch (Exception e) {
            // the route files cannot be read here: the start that follows names that problem in its own line
            return null;
        }
    }

    @Override
    public boolean run(CamelContext camel, PrintStream out) throws Exception {
        LoggerFactory.getLogger(ReplayCommand.class).info(runner.switchedOff());
        List<DeadLetterReplay.Outcome> outcomes = replay.replay(source);
        out.println("Dead letters replayed: " + outcomes.size());
        for (DeadLetterReplay.Outcome o : outcomes) {
            out.println("  " + (o.replayed() ? "✅ " : "❌ ") + o.id() + " [" + o.source() + "] " + o.how()
                + (o.replayed() ? "" : ": " + o.error()));
        }
        out.flush();
        return outcomes.stream().allMatch(DeadLetterReplay.Outcome::replayed);
    }
}
