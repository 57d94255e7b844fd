package io.marketintel.pipeline;

/**
 * What the runner needs from the dead letters when the database refuses a write (a full disk): implemented by
 * {@code deadletter.DeadLetterService}, found in the registry by type, so the pipeline does not depend on it.
 */
public interface RunStoreFailures {

    /** Dead letters kept as files while the database refused them, imported once it accepts writes again. */
    int importOrphans();

    /** One line naming where the store failed and what to do (the full disk at its path). */
    String storeFailure(Throwable e);

    /** A run's end the database refused, kept as a file so the run never stays RUNNING. */
    void keepRunRecord(RunResult r, String finishedAt, String why);
}
