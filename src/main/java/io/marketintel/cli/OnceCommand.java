package io.marketintel.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;

import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.RunResult;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.slf4j.LoggerFactory;

/** {@code --once}: every enabled source once, then the snapshot; the summary; ok when every source succeeded. */
public final class OnceCommand implements Command {

    private final LocalDate snapshotFrom;
    @BeanInject("ingestRunner")
    private IngestRunner runner;
    @BeanInject("reports")
    private Reports reports;

    /** {@code snapshotFrom}: {@code --snapshot-from}, or null for the window's days. */
    OnceCommand(LocalDate snapshotFrom) {
        this.snapshotFrom = snapshotFrom;
    }

    @Override
    public boolean run(CamelContext camel, PrintStream out) throws Exception {
        LoggerFactory.getLogger(OnceCommand.class).info(runner.switchedOff());
        long t0 = System.nanoTime();
        // the sources, then the snapshot: the window's days, or history from --snapshot-from
        List<RunResult> results = runner.runAll(snapshotFrom);
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.print(reports.summary(results, seconds));
        out.flush();
        return results.stream().allMatch(r -> r.outcome().ok());
    }
}
