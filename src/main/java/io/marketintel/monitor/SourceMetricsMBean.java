package io.marketintel.monitor;

/**
 * Business figures of one source over JMX, {@code io.marketintel:type=source,name=<source-id>}: what an operator
 * alerts on ("BTC candles are 3 hours old") without SQL. Computed at read time from the database and the runner.
 */
public interface SourceMetricsMBean {

    String getSource();

    boolean isEnabled();

    /** A run of this source is in progress. */
    boolean isRunning();

    /** ISO-8601 UTC finish time of the last successful run; empty before the first success. */
    String getLastSuccessfulRun();

    /** Rows stored by the last finished run. */
    int getRowsLastRun();

    /** SUCCESS, PARTIAL or FAILED of the last finished run; NONE before the first run. */
    String getLastOutcome();

    /** The last finished run's error line; empty when it had none. */
    String getLastError();

    /** Dead letters of this source not yet replayed. */
    long getDeadLettersPending();

    /** ISO-8601 UTC timestamp of the newest row the source stored; empty when nothing is stored. */
    String getNewestData();

    /** Seconds since the newest row the source stored; -1 when nothing is stored (then Stale is true). */
    long getDataAgeSeconds();

    /** The gap between two fires of the source's schedule, in seconds; -1 for a source run by file arrival. */
    long getSchedulePeriodSeconds();

    /** Enabled, scheduled, and its data is older than twice the schedule period (or it stored nothing yet). */
    boolean isStale();

    /** Why figures could not be read (database unreachable, bad cron); empty when all is well. */
    String getProblem();

    /**
     * Redeliveries the error policy made for this source since start (429, 5xx, timeouts...). Camel's route MBean
     * {@code Redeliveries} counts only exchanges that finally failed, so a retry that succeeded shows there as 0.
     */
    long getRedeliveries();
}
