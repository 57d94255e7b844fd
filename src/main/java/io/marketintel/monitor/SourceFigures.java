package io.marketintel.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * What an operator alerts on, per source: how old its newest data is, whether that is too old, and how its last
 * run went. Read by the business MBean {@code io.marketintel:type=source,name=<id>} and by {@code --status}, from
 * the same code, so the two never disagree.
 *
 * @param period           the gap between two fires of the source's cron (null for an event-driven source, or
 *                         when the cron cannot be read)
 * @param newest           the newest timestamp the source stored (null: nothing stored yet)
 * @param dataAgeSeconds   seconds since {@code newest}; -1 when nothing is stored
 * @param stale            enabled, scheduled, and nothing stored or data older than twice the schedule period
 * @param lastSuccessfulRun ISO-8601 UTC finish time of the last SUCCESS run, null when none
 * @param rowsLastRun      rows stored by the last finished run (0 when none)
 * @param lastOutcome      SUCCESS, PARTIAL, FAILED of the last finished run; NONE before the first run
 * @param lastError        the last finished run's error line, null when it had none
 * @param problem          why a figure could not be read (e.g. the database is unreachable), else null
 */
public record SourceFigures(String source, boolean enabled, boolean running, Duration period, Instant newest,
                            long dataAgeSeconds, boolean stale, String lastSuccessfulRun, String lastRunStartedAt,
                            int rowsLastRun, String lastOutcome, String lastError, long deadLettersPending,
                            String problem) {
}
