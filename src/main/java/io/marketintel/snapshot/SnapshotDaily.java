package io.marketintel.snapshot;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.marketintel.store.Sql;
import io.marketintel.store.Stored;
import io.marketintel.store.Utc;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the snapshot statement for camel-jdbc: which days to recompute, the thresholds, as bound parameters
 * ({@code sql/snapshot_daily.sql}, one statement per exchange), and turns the update count into a {@link Stored}
 * for the CSV backup and the run record.
 */
public final class SnapshotDaily {

    public static final String TABLE = "daily_market_snapshot";
    /** Hours of history before the first day that its volatility window and previous close need. */
    static final int LOOKBACK_DAYS = 7;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotDaily.class);

    private final Clock clock;
    private final int recomputeDays;
    private final int dayMinHours;
    private final int volMinReturns;

    public SnapshotDaily(Clock clock, int recomputeDays, int dayMinHours, int volMinReturns) {
        this.clock = clock;
        this.recomputeDays = recomputeDays;
        this.dayMinHours = dayMinHours;
        this.volMinReturns = volMinReturns;
    }

    /**
     * The body is the first day to recompute ({@link LocalDate} or "YYYY-MM-DD"), or empty for the last
     * {@code snapshot.recompute-days} days; the last day is always today (UTC), whose row is partial until it closes.
     */
    public void prepare(Exchange ex) {
        LocalDate to = Utc.today(clock);
        LocalDate from = from(ex.getIn().getBody(), to);
        ex.getIn().setHeader("CamelJdbcParameters", parameters(from, to));
        ex.getIn().setHeader("miSnapshotFrom", from.toString());
        ex.getIn().setHeader("miSnapshotTo", to.toString());
        ex.getIn().setBody(Sql.load("snapshot_daily"));
    }

    LocalDate from(Object body, LocalDate today) {
        LocalDate from;
        if (body == null || (body instanceof String s && s.isBlank())) {
            from = today.minusDays(recomputeDays - 1L);
        } else if (body instanceof LocalDate d) {
            from = d;
        } else {
            try {
                from = LocalDate.parse(body.toString().strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("snapshot from-date must be YYYY-MM-DD, got '" + body + "'");
            }
        }
        if (from.isAfter(today)) {
            throw new IllegalArgumentException("snapshot from-date " + from + " is after today (" + today + ", UTC)");
        }
        return from;
    }

    /** The statement's bound parameters for the days {@code from..to} (inclusive). */
    public Map<String, Object> parameters(LocalDate from, LocalDate to) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("data_from", from.minusDays(LOOKBACK_DAYS).toString());
        p.put("from_date", from.toString());
        p.put("to_date", to.toString());
        p.put("to_end", to.plusDays(1).toString());
        p.put("day_min_hours", dayMinHours);
        p.put("vol_min_returns", volMinReturns);
        p.put("computed_at", Utc.now(clock));
        return p;
    }

    /** camel-jdbc's update count (rows inserted or replaced) as what the run stored. */
    public Stored stored(Exchange ex) {
        int n = ex.getIn().getHeader("CamelJdbcUpdateCount", 0, Integer.class);
        LOG.info("Snapshot {}..{} recomputed: {} row(s) of {}", ex.getIn().getHeader("miSnapshotFrom"),
            ex.getIn().getHeader("miSnapshotTo"), n, TABLE);
        return new Stored(TABLE, n);
    }
}
