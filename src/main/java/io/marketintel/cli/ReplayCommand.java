package io.marketintel.cli;

import java.io.PrintStream;
import java.util.List;

import io.marketintel.deadletter.DeadLetterReplay;
import io.marketintel.pipeline.IngestRunner;
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
