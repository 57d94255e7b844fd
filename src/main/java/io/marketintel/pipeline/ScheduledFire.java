package io.marketintel.pipeline;

import java.time.Instant;

/**
 * The scheduler fire a run answers, as a clustered node's Quartz job listener sees it in the thread that runs the job:
 * the node (Quartz instance id), the job (the source id, or a part's job: {@link Shard#job}), and the fire time the cron scheduled (null for a one-off
 * fire: a catch-up at start). A fire re-run after its node died keeps its scheduled time.
 */
public record ScheduledFire(String node, String job, Instant fireTime, boolean recovering) {

    /** Whether a run of this source answers the fire (not the snapshot run inside a source's job). */
    public boolean answers(String sourceId) {
        return sourceId.equals(Shard.sourceOf(job));
    }
}
