package io.marketintel.cluster;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.marketintel.config.Settings;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.Shard;
import io.marketintel.pipeline.Source;
import io.marketintel.pipeline.Sources;
import io.marketintel.store.Database;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clustered node ({@code cluster.enabled=true}, scheduler mode): camel-quartz on Quartz's clustered JDBC job store in
 * the shared PostgreSQL. Every trigger fires on exactly one node; a stateful job never runs twice at once across the
 * nodes; a job in flight on a node that stops checking in is re-run by the node that notices (recoverableJob on the
 * trigger endpoints). Each part of a sharded source is a job of its own, so the parts run on several nodes at once. The scheduler is named after the Camel context (camel.main.name, the same on every node: jobs
 * find their context by it); each node's instance id is Quartz's AUTO id (host name and start time).
 * Other verbs (--once, --replay) fire no trigger and keep Quartz in memory.
 */
public class ClusterConfiguration implements CamelConfiguration {

    /** The Quartz group of the sources' jobs: the endpoints are {@code quartz:market-intel/<source-id>}. */
    static final String JOB_GROUP = "market-intel";
    /** The name under which the job store finds its connections (DBConnectionManager). */
    static final String QUARTZ_DATA_SOURCE = "marketIntelCluster";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        var registry = camel.getRegistry();
        ClusterSettings cluster = registry.lookupByNameAndType("clusterSettings", ClusterSettings.class);
        String mode = camel.getPropertiesComponent().resolveProperty("market-intel.mode").orElse("scheduler");
        if (cluster == null || !cluster.enabled() || !"scheduler".equals(mode)) {
            return;
        }
        Settings settings = registry.lookupByNameAndType("settings", Settings.class);
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        IngestRunner runner = registry.lookupByNameAndType("ingestRunner", IngestRunner.class);
        String name = camel.getName();

        // Quartz's threads, its check-in and misfire threads, and one to spare
        QuartzPool pool = new QuartzPool(settings.db, cluster.threads() + 3);
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                pool.shutdown();
            }
        });
        Database.migrateCluster(pool.dataSource());
        DBConnectionManager.getInstance().addConnectionProvider(QUARTZ_DATA_SOURCE, pool);

        RunFires fires = new RunFires(new ClusterRepository(registry.lookupByNameAndType("dataSource",
            javax.sql.DataSource.class)), name, clock);
        QuartzComponent quartz = camel.getComponent("quartz", QuartzComponent.class);
        // the instance name is the context name as it is, so camel-quartz must not prefix it again
        quartz.setPrefixInstanceName(false);
        quartz.setProperties(quartzProperties(name, cluster));
        quartz.addScheduleInitTask(scheduler -> {
            fires.node(scheduler.getSchedulerInstanceId());
            scheduler.getListenerManager().addJobListener(fires);
            removeRetiredParts(scheduler, runner.sources(), runner::shards);
            LOG.info("Cluster '{}': this node is {} (Quartz clustered JDBC job store on {}; check-in every {} ms, a node"
                + " silent for {} ms more is taken over and its runs in flight re-run)", name,
                scheduler.getSchedulerInstanceId(), settings.jdbcUrl, cluster.checkinIntervalMs(),
                ClusterSettings.QUARTZ_TOLERANCE_MS);
        });
        // the jobs the cluster's tables hold, each with its stored next fire (camel-quartz's own line prints null there)
        camel.getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) throws Exception {
                LOG.info("Cluster '{}': jobs {}", name, jobs(quartz.getScheduler()));
            }

            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.CamelContextStartedEvent;
            }
        });
        // a stopping node (SIGTERM, a rolling restart) first stops taking fires: the triggers it had acquired go back to
        // the cluster, so the other nodes fire them on time instead of this node dropping them while its routes stop
        camel.getManagementStrategy().addEventNotifier(new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) throws Exception {
                Scheduler scheduler = quartz.getScheduler();
                if (scheduler != null && scheduler.isStarted() && !scheduler.isShutdown()) {
                    scheduler.standby();
                    LOG.info("Cluster '{}': node {} takes no more fires (stopping); the other nodes fire the schedules",
                        name, scheduler.getSchedulerInstanceId());
                }
            }

            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
            }
        });
        runner.recordFires(fires);
        IngestRunner.Handoff handoff = (job, why, fireTime) -> fireOnce(quartz, job, why, fireTime);
        runner.handToCluster(handoff);
        fires.handBackLostFires(handoff, () -> camel.isStopping() || camel.isStopped());
    }

    /**
     * The jobs in the cluster's tables live beyond the nodes (a clustered camel-quartz never deletes them), so the parts
     * of a sharded source beyond its {@code <settings>.shards} (lowered since they were created) would fire for ever with
     * no route to run them: deleted, with a line saying so. Every node of a cluster has the same settings.
     */
    static void removeRetiredParts(Scheduler scheduler, Sources sources, java.util.function.ToIntFunction<Source> shardsOf)
        throws SchedulerException {
        for (JobKey job : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(JOB_GROUP))) {
            String source = Shard.sourceOf(job.getName());
            int part = Shard.indexOf(job.getName());
            if (part < 2 || !sources.ids().contains(source)) {
                continue;
            }
            Source s = sources.byId(source);
            int shards = shardsOf.applyAsInt(s);
            if (part > shards) {
                scheduler.deleteJob(job);
                LOG.info("Cluster: job {} removed: {} is {} now{}", job.getName(),
                    s.sharded() ? s.shardsKey() : "the parts of " + source, shards,
                    s.sharded() ? "" : " (not sharded)");
            }
        }
    }

    /** Each job of the sources' group with the next fire of its trigger, as the cluster's tables hold them. */
    static String jobs(Scheduler scheduler) throws SchedulerException {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JobKey job : new java.util.TreeSet<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(JOB_GROUP)))) {
            java.util.Date next = scheduler.getTriggersOfJob(job).stream()
                .filter(t -> JOB_GROUP.equals(t.getKey().getGroup())).map(org.quartz.Trigger::getNextFireTime)
                .filter(java.util.Objects::nonNull).min(java.util.Comparator.naturalOrder()).orElse(null);
            out.add(job.getName() + " (next " + (next == null ? "none" : io.marketintel.store.Utc.iso(next.toInstant()))
                + ")");
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    static Map<String, String> quartzProperties(String name, ClusterSettings cluster) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.quartz.scheduler.instanceName", name);
        p.put("org.quartz.scheduler.instanceId", "AUTO");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.threadCount", String.valueOf(cluster.threads()));
        p.put("org.quartz.jobStore.class", JobStoreTX.class.getName());
        p.put("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
        p.put("org.quartz.jobStore.dataSource", QUARTZ_DATA_SOURCE);
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(cluster.checkinIntervalMs()));
        // acquiring under the row lock: the mitigation of double fires reported for clustered Quartz
        p.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // a fire later than this (a blocked stateful job, a failover) is a misfire: the triggers' instruction 2 skips it
        p.put("org.quartz.jobStore.misfireThreshold", String.valueOf(cluster.misfireThresholdMs()));
        return p;
    }

    /**
     * A catch-up at start, or the snapshot after a source's run, on a clustered node: one fire of the job now, through
     * the cluster's scheduler, under a fixed trigger key ({@code why}-source), so nodes asking together fire it once
     * and it never overlaps another run of the same job on any node. A fire handed back by a stopping node
     * ({@code fireTime} set) gets a key of its own and carries the scheduled time it stands for.
     */
    private static boolean fireOnce(QuartzComponent quartz, String job, String why, java.time.Instant fireTime) {
        try {
            Scheduler scheduler = quartz.getScheduler();
            TriggerBuilder<org.quartz.SimpleTrigger> trigger = TriggerBuilder.newTrigger()
                .withIdentity(why + "-" + job + (fireTime == null ? "" : "-" + java.util.UUID.randomUUID()),
                    RunFires.ONE_OFF_GROUP)
                .forJob(JobKey.jobKey(job, JOB_GROUP)).startNow()
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow());
            if (fireTime != null) {
                trigger.usingJobData(RunFires.FIRE_TIME, String.valueOf(fireTime.toEpochMilli()));
            }
            scheduler.scheduleJob(trigger.build());
            return true;
        } catch (ObjectAlreadyExistsException e) {
            LOG.info("{} of {}: already fired by this or another node, not yet finished", why, job);
            return true;
        } catch (SchedulerException e) {
            LOG.warn("{} of {} not fired ({}); it runs at its schedule", why, job, e.getMessage());
            return false;
        }
    }
}
