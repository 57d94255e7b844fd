package io.marketintel.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one run of one source, as recorded in {@code ingest_run} and printed in the summary. {@code rows}
 * are the rows the run wrote (inserted or changed), not the rows the tables hold; {@code retries} the failed attempts
 * the error policy retried, with their causes.
 */
public record RunResult(String source, String runId, Instant startedAt, long durationMs, int rows,
                        Map<String, Integer> rowsByTable, int deadLetters, Outcome outcome, String error,
                        List<String> warnings, int retries, List<String> retryCauses) {

    /** A run without retries. */
    public RunResult(String source, String runId, Instant startedAt, long durationMs, int rows,
                     Map<String, Integer> rowsByTable, int deadLetters, Outcome outcome, String error,
                     List<String> warnings) {
        this(source, runId, startedAt, durationMs, rows, rowsByTable, deadLetters, outcome, error, warnings, 0, List.of());
    }

    /** "SUCCESS", or "SUCCESS after 2 retries (HTTP 429 from /coins/bitcoin/market_chart)". */
    public String outcomeText() {
        if (retries == 0) {
            return outcome.name();
        }
        return outcome + " after " + retries + (retries == 1 ? " retry" : " retries") + " (" + String.join(", ", retryCauses)
            + ")";
    }

    public enum Outcome {
        /** ABANDONED: cut short by a shutdown before it finished (what it committed stays, the next run goes on). */
        SUCCESS, PARTIAL, FAILED, SKIPPED, ABANDONED;

        public boolean ok() {
            return this == SUCCESS;
        }
    }
}
