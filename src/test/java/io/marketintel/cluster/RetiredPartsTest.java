package io.marketintel.cluster;

import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

import io.marketintel.pipeline.Source;
import io.marketintel.pipeline.Sources;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Clustered jobs outlive the nodes: when coingecko.shards is lowered, the parts beyond it are deleted at a node's start
 * (they would fire for ever with no route); the source's own job, the parts still in use and other sources' jobs stay.
 */
class RetiredPartsTest {

    @Test
    void should_delete_only_the_jobs_of_parts_beyond_the_shards() throws Exception {
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", "retired-parts-test");
        p.put("org.quartz.threadPool.threadCount", "1");
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        try {
            for (String job : List.of("coingecko-ohlc", "coingecko-ohlc-part2", "coingecko-ohlc-part3", "fear-greed",
                "fear-greed-part2")) {
                scheduler.scheduleJob(JobBuilder.newJob(Job.class).withIdentity(job, ClusterConfiguration.JOB_GROUP)
                    .build(), TriggerBuilder.newTrigger().withIdentity(job, ClusterConfiguration.JOB_GROUP)
                    .withSchedule(SimpleScheduleBuilder.repeatHourlyForever()).build());
            }
            Source coingecko = new Source("coingecko-ohlc", "coingecko", List.of("ohlc_hourly"), List.of(), false, true,
                false, true);
            Source fearGreed = new Source("fear-greed", "feargreed", List.of("sentiment_daily"), List.of(), false, true,
                false, false);
            Sources sources = new Sources(List.of(coingecko, fearGreed));

            ClusterConfiguration.removeRetiredParts(scheduler, sources, s -> s == coingecko ? 2 : 1);

            TreeSet<String> left = new TreeSet<>();
            for (JobKey k : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(ClusterConfiguration.JOB_GROUP))) {
                left.add(k.getName());
            }
            // part 3 of coingecko is beyond coingecko.shards = 2; fear-greed is not sharded: no part 2 of it
            assertEquals(new TreeSet<>(List.of("coingecko-ohlc", "coingecko-ohlc-part2", "fear-greed")), left);
        } finally {
            scheduler.shutdown();
        }
    }
}
