package io.marketintel.cluster;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.ScheduledFire;
import io.marketintel.store.Utc;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz job listener of a clustered node. Before each job runs, the runs that nodes found dead left RUNNING are closed
 * as ABANDONED (Quartz removed those nodes when it took over their fires), then the fire (this node, the source, its
 * scheduled time) is kept for the thread running the job, where the run record reads it. A fire that started no run
 * because this node is stopping is handed to another node with its fire time: one the runner turned down, and one
 * that found the source's route already stopped (camel-quartz then drops it, saying so only at DEBUG). No fire is lost
 * to a node's shutdown.
 */
final class RunFires implements JobListener, Supplier<ScheduledFire> {

    /** Group of the one-off triggers (catch-up at start, the snapshot after a run): they answer no scheduled fire. */
    static final String ONE_OFF_GROUP = "market-intel-once";
    /** Job data of a one-off trigger that stands for a scheduled fire (handed back by a stopping node): its time, ms. */
    static final String FIRE_TIME = "marketIntelFireTime";

    private static final Logger LOG = LoggerFactory.getLogger(RunFires.class);

    private final ThreadLocal<ScheduledFire> current = new ThreadLocal<>();
    /** Set when the runner read the thread's fire: a run of it started. */
    private final ThreadLocal<Boolean> reached = new ThreadLocal<>();
    private volatile IngestRunner.Handoff handback;
    private volatile BooleanSupplier stopping = () -> false;
    private final ClusterRepository repo;
    private final String cluster;
    private final Clock clock;
    private volatile String node;

    RunFires(ClusterRepository repo, String cluster, Clock clock) {
        this.repo = repo;
        this.cluster = cluster;
        this.clock = clock;
    }

    void node(String instanceId) {
        this.node = instanceId;
    }

    /** How a fire that reached no route while this node stops goes to another node. */
    void handBackLostFires(IngestRunner.Handoff handback, BooleanSupplier stopping) {
        this.handback = handback;
        this.stopping = stopping;
    }

    /** The fire the calling thread's job answers (read by the runner as it starts a run of it). */
    @Override
    public ScheduledFire get() {
        reached.set(Boolean.TRUE);
        return current.get();
    }

    @Override
    public String getName() {
        return "market-intel-run-fires";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext ctx) {
        try {
            int n = repo.abandonOrphans(Utc.now(clock), cluster);
            if (n > 0) {
                LOG.warn("{} run(s) of a node the cluster found dead were closed as ABANDONED (rows = what they had"
                    + " committed); their fires are re-run", n);
            }
        } catch (SQLException e) {
            LOG.warn("Runs of nodes found dead not closed yet (retried before the next job): {}", e.getMessage());
        }
        reached.remove();
        current.set(fire(ctx));
    }

    private ScheduledFire fire(JobExecutionContext ctx) {
        String group = ctx.getTrigger().getKey().getGroup();
        Instant scheduled = ctx.getScheduledFireTime() == null ? null : ctx.getScheduledFireTime().toInstant();
        if (ctx.isRecovering()) {
            // the one-off trigger Quartz made for the fire a dead node had in flight: the original fire's identity
            JobDataMap m = ctx.getMergedJobDataMap();
            group = m.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP);
            String ms = m.getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
            if (ms != null) {
                scheduled = Instant.ofEpochMilli(Long.parseLong(ms));
            }
        }
        String handedBack = ctx.getMergedJobDataMap().getString(FIRE_TIME);
        if (handedBack != null) {
            return new ScheduledFire(node, ctx.getJobDetail().getKey().getName(),
                Instant.ofEpochMilli(Long.parseLong(handedBack)), ctx.isRecovering());
        }
        return new ScheduledFire(node, ctx.getJobDetail().getKey().getName(),
            ONE_OFF_GROUP.equals(group) ? null : scheduled, ctx.isRecovering());
    }

    @Override
    public void jobExecutionVetoed(JobExecutionContext ctx) {
        current.remove();
    }

    @Override
    public void jobWasExecuted(JobExecutionContext ctx, JobExecutionException e) {
        ScheduledFire fire = current.get();
        boolean ran = reached.get() != null;
        current.remove();
        reached.remove();
        if (!ran && fire != null && handback != null && stopping.getAsBoolean()
            && ClusterConfiguration.JOB_GROUP.equals(ctx.getJobDetail().getKey().getGroup())) {
            if (handback.fire(fire.job(), "handback", fire.fireTime())) {
                LOG.info("Fire {} of {} came as this node was stopping: handed to another node",
                    fire.fireTime() == null ? "(one-off)" : Utc.iso(fire.fireTime()), fire.job());
            }
        }
    }
}
