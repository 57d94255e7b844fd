package io.marketintel.monitor;

import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what Quartz does silently: a fire that could not happen on time because the previous run of the same source
 * was still going (stateful jobs never overlap) is a misfire; with {@code misfireInstruction=2} it is skipped.
 */
public final class MisfireLogger implements TriggerListener {

    private static final Logger LOG = LoggerFactory.getLogger(MisfireLogger.class);

    @Override
    public String getName() {
        return "market-intel-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        LOG.warn("Schedule {} misfired: its previous run was still going or the runtime was down at {}; this fire is"
            + " skipped, the next is at {}", trigger.getKey(), trigger.getPreviousFireTime(), trigger.getNextFireTime());
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        // nothing: the runner logs each run
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        return false;
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
                                Trigger.CompletedExecutionInstruction instruction) {
        // nothing
    }
}
