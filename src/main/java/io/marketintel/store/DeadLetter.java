package io.marketintel.store;

/** What could not be stored, with why and where, and the payload verbatim. */
public record DeadLetter(String id, String runId, String source, String routeId, String endpoint, String error,
                         Integer httpStatus, String payload, String failedAt) {
}
