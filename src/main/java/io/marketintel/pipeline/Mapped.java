package io.marketintel.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payload turned into rows: the valid rows to store and the records that were rejected, each with
 * its original text and the reason, so the rejects reach the dead letter while the rest is stored.
 * When most records of the payload fail the same check, that is the API's shape that changed, not a bad record:
 * {@link #getShapeChange()} says so once, and those records are not dead-lettered one by one.
 */
public final class Mapped<T> {

    /**
     * A record that failed a data check, kept verbatim. {@code check} is what failed without the record's own
     * values or names (e.g. {@code missing totalNetInflow}); {@code reason} says it for this record.
     */
    public record Reject(String payload, String check, String reason) {
    }

    /** Most records of the payload failed one check: the API's shape changed. */
    public record ShapeChange(String check, int failed, int records, Reject first) {

        public String message() {
            return "the API's shape changed: " + check + " in " + failed + " of " + records + " records (first: "
                + (first.reason().equals(check) ? "" : first.reason() + ": ") + brief(first.payload())
                + "); none of them stored: check the API's documentation against the mapping, then replay";
        }
    }

    /** The fewest failures of one check that can mean a changed shape rather than a few bad records. */
    static final int SHAPE_MIN_FAILURES = 3;

    private final List<T> rows = new ArrayList<>();
    private final List<Reject> rejects = new ArrayList<>();
    private int records;

    public void add(T row) {
        rows.add(row);
    }

    public void reject(String payload, String reason) {
        reject(payload, reason, reason);
    }

    public void reject(String payload, String check, String reason) {
        rejects.add(new Reject(payload, check, reason));
    }

    /**
     * For a mapper whose rows are not one per record (30-minute candles merged into hours): counts one record of the
     * payload. Without it the records are the rows plus the rejects.
     */
    public void countRecord() {
        records++;
    }

    public List<T> getRows() {
        return rows;
    }

    public List<Reject> getRejects() {
        return rejects;
    }

    public int getRecords() {
        return records > 0 ? records : rows.size() + rejects.size();
    }

    /** The check failed by more than half of the payload's records (at least three), or null. */
    public ShapeChange getShapeChange() {
        Map<String, List<Reject>> byCheck = new LinkedHashMap<>();
        for (Reject r : rejects) {
            byCheck.computeIfAbsent(r.check(), k -> new ArrayList<>()).add(r);
        }
        int total = getRecords();
        for (Map.Entry<String, List<Reject>> e : byCheck.entrySet()) {
            int n = e.getValue().size();
            if (n >= SHAPE_MIN_FAILURES && 2 * n > total) {
                return new ShapeChange(e.getKey(), n, total, e.getValue().get(0));
            }
        }
        return null;
    }

    /** The rejects to dead-letter one by one: all of them, less those of a {@link #getShapeChange() shape change}. */
    public List<Reject> getRecordRejects() {
        ShapeChange shape = getShapeChange();
        return shape == null ? rejects : rejects.stream().filter(r -> !r.check().equals(shape.check())).toList();
    }

    private static String brief(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }

    @Override
    public String toString() {
        return rows.size() + " row(s), " + rejects.size() + " reject(s)";
    }
}
