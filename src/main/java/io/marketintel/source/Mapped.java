package io.marketintel.source;

import java.util.ArrayList;
import java.util.List;

/**
 * A payload turned into rows: the valid rows to store and the records that were rejected, each with
 * its original text and the reason, so the rejects reach the dead letter while the rest is stored.
 */
public final class Mapped<T> {

    /** A record that failed a data check, kept verbatim. */
    public record Reject(String payload, String reason) {
    }

    private final List<T> rows = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();

    public void add(T row) {
        rows.add(row);
    }

    public void reject(String payload, String reason) {
        rejects.add(new Reject(payload, reason));
    }

    public List<T> getRows() {
        return rows;
    }

    public List<Reject> getRejects() {
        return rejects;
    }

    @Override
    public String toString() {
        return rows.size() + " row(s), " + rejects.size() + " reject(s)";
    }
}
