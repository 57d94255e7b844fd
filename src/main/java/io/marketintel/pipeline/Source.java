package io.marketintel.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A source as its YAML declaration states it (a {@code templatedRoute} of template {@code scheduled-source} or
 * {@code drop-folder-source} in {@code routes/}, read by {@link Sources}): its id (route {@code direct:<id>}), the
 * prefix of its keys ({@code <settings>.enabled}, {@code <settings>.cron}), the tables it writes, the calendar its
 * data follows and its role. What follows from those by convention: the freshness SQL
 * {@code sql/freshness_<id>.sql} (newest timestamp stored, for catch-up, data age and staleness) and the backup SQL
 * {@code sql/backup_<table>.sql} of each table.
 *
 * @param labels how the run summary names each table's rows (same order as tables)
 * @param scheduled a Quartz trigger runs it ({@code <settings>.cron}); otherwise each input (a dropped file) is a run
 * @param derived computed from what the sources stored (the snapshot): runs after them, not a source of its own
 * @param sharded its scheduled work can be split into {@code <settings>.shards} parts, each its own job ({@link Shard})
 */
public record Source(String id, String settings, List<String> tables, List<String> labels, boolean usTradingDays,
                     boolean scheduled, boolean derived, boolean sharded) {

    /** How the run summary names a table's rows (declaration parameter labels; the table's name when none). */
    public String label(String table) {
        int i = tables.indexOf(table);
        return i >= 0 && i < labels.size() ? labels.get(i) : table;
    }

    public String enabledKey() {
        return settings + ".enabled";
    }

    /** The key holding how many parts (jobs) share its scheduled work; null for a source that is not sharded. */
    public String shardsKey() {
        return sharded ? settings + ".shards" : null;
    }

    /** The key holding the schedule; null for a source its input triggers. */
    public String cronKey() {
        return scheduled ? settings + ".cron" : null;
    }

    public String freshnessSql() {
        return "freshness_" + id.replace('-', '_');
    }

    /** A source with no cron runs when its input arrives (a dropped file), not on a schedule or with --once. */
    public boolean eventDriven() {
        return !scheduled;
    }

    /**
     * How long newer data than {@code newest} could have existed at {@code now} (negative: none can exist yet). A
     * source that publishes continuously is behind by the age of its newest data; US ETF flows (calendar
     * us-trading-days) are behind only from the NYSE close of the next trading day (weekends and holidays have
     * none), so Monday's flows are the newest that can exist until Tuesday's close.
     */
    public Duration behind(Instant newest, Instant now) {
        if (usTradingDays) {
            LocalDate day = newest.atZone(ZoneOffset.UTC).toLocalDate();
            return Duration.between(UsTradingCalendar.close(UsTradingCalendar.nextTradingDay(day)), now);
        }
        return Duration.between(newest, now);
    }
}
