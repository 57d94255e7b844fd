package io.marketintel.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The outcome of one run of one source, as recorded in {@code ingest_run} and printed in the summary. */
public record RunResult(String source, String runId, Instant startedAt, long durationMs, int rows,
                        Map<String, Integer> rowsByTable, int deadLetters, Outcome outcome, String error,
                        List<String> warnings) {

    public enum Outcome {
        SUCCESS, PARTIAL, FAILED, SKIPPED;

        public boolean ok() {
            return this == SUCCESS;
        }
    }
}
