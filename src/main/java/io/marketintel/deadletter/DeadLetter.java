package io.marketintel.deadletter;

/**
 * What could not be stored, with why and where, and the payload verbatim. {@code replay} says how a replay retries
 * it: {@code source} (run the source again) or the store route to re-send the payload to, with the exchange
 * properties it needs ({@code direct:<route>?name=value&...}); null for a dead letter written before it was recorded.
 */
public record DeadLetter(String id, String runId, String source, String routeId, String endpoint, String error,
                         Integer httpStatus, String payload, String failedAt, String replay) {

    /** Replayed by running its source again. */
    public static final String RUN_SOURCE = "source";
}
