package io.marketintel.cluster;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.TriggerBuilder;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;
import org.sqlite.SQLiteDataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A fire a clustered node took as it stopped, which never reached the source's route (camel-quartz drops such a fire
 * when the route is already stopped), goes back to the cluster with its fire time; a fire that reached the runner, or
 * one that found no route while the node runs (a source switched off), does not.
 */
class RunFiresTest {

    static final Instant FIRE = Instant.parse("2026-12-01T15:51:46Z");

    record HandedBack(String job, String why, Instant fireTime) {
    }

    @Test
    void should_hand_back_a_fire_that_reached_no_route_while_the_node_stops() throws Exception {
        List<HandedBack> handed = new ArrayList<>();
        boolean[] stopping = {true};
        RunFires fires = fires(handed, stopping);

        // the route never ran: no runner read the fire
        JobExecutionContext lost = context("fear-greed", ClusterConfiguration.JOB_GROUP);
        fires.jobToBeExecuted(lost);
        fires.jobWasExecuted(lost, null);
        assertEquals(List.of(new HandedBack("fear-greed", "handback", FIRE)), handed);
        assertNull(fires.get(), "the thread's fire is gone with its job");

        // the runner read it: a run of it started
        handed.clear();
        JobExecutionContext ran = context("coingecko-ohlc-part2", ClusterConfiguration.JOB_GROUP);
        fires.jobToBeExecuted(ran);
        assertEquals(FIRE, fires.get().fireTime());
        assertEquals("coingecko-ohlc-part2", fires.get().job());
        fires.jobWasExecuted(ran, null);
        assertEquals(List.of(), handed);

        // a running node whose job found no route (a source switched off): nothing to hand back, or it would circle
        stopping[0] = false;
        JobExecutionContext off = context("etf-farside", ClusterConfiguration.JOB_GROUP);
        fires.jobToBeExecuted(off);
        fires.jobWasExecuted(off, null);
        assertEquals(List.of(), handed);

        // another group's job (not a source's) is none of ours
        stopping[0] = true;
        JobExecutionContext other = context("something", "another-group");
        fires.jobToBeExecuted(other);
        fires.jobWasExecuted(other, null);
        assertEquals(List.of(), handed);
    }

    private static RunFires fires(List<HandedBack> handed, boolean[] stopping) throws Exception {
        // a store without the Quartz tables: closing the orphans' runs fails and is retried later (a WARN)
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + Files.createTempDirectory("run-fires").resolve("t.db"));
        RunFires fires = new RunFires(new ClusterRepository(ds), "market-intel", Clock.systemUTC());
        fires.node("node-a");
        fires.handBackLostFires((job, why, fireTime) -> handed.add(new HandedBack(job, why, fireTime)),
            () -> stopping[0]);
        return fires;
    }

    private static JobExecutionContext context(String job, String group) {
        JobDetail detail = JobBuilder.newJob(org.quartz.Job.class).withIdentity(job, group).build();
        OperableTrigger trigger = (OperableTrigger) TriggerBuilder.newTrigger().withIdentity(job, group)
            .forJob(detail).startAt(Date.from(FIRE)).build();
        TriggerFiredBundle bundle = new TriggerFiredBundle(detail, trigger, null, false, new Date(), Date.from(FIRE),
            null, null);
        return new JobExecutionContextImpl(null, bundle, c -> { });
    }
}
