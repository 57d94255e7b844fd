package io.marketintel.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.RunResult;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** No verb: the long-lived scheduler. Says it started, then catches up stale sources in the background. */
public final class SchedulerCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCommand.class);

    @BeanInject("ingestRunner")
    private IngestRunner runner;
    @BeanInject("reports")
    private Reports reports;

    @Override
    public boolean run(CamelContext camel, PrintStream out) {
        LOG.info(runner.switchedOff());
        // Camel's own "started" line is in the log file only: the console says it too
        LOG.info("market-intel started in {} ms: {} routes, each source on its schedule (stop with Ctrl-C or SIGTERM)",
            ManagementFactory.getRuntimeMXBean().getUptime(), camel.getRoutes().size());
        // catch up in the background: the scheduler is up and JMX answers while a fresh install fills the database
        Thread t = new Thread(() -> {
            List<RunResult> results = runner.catchUp();
            if (!results.isEmpty()) {
                reports.logSummary(results);
            }
        }, "catch-up");
        t.setDaemon(true);
        t.start();
        return true;
    }

    @Override
    public boolean longLived() {
        return true;
    }
}
