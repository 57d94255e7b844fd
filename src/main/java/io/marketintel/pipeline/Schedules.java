package io.marketintel.pipeline;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronExpression;

/** The time arithmetic of schedules and freshness: a cron's period, a stored timestamp as an instant. */
public final class Schedules {

    private Schedules() {
    }

    /** A stored timestamp ({@code 2026-12-01} a day's start, or ISO-8601 UTC) as an instant. */
    public static Instant toInstant(String v) {
        return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
    }

    /** The gap between two consecutive fires of a cron expression (UTC), i.e. the schedule period. */
    public static Duration period(String cron) {
        try {
            CronExpression ce = new CronExpression(cron);
            ce.setTimeZone(TimeZone.getTimeZone("UTC"));
            Date a = ce.getNextValidTimeAfter(new Date());
            Date b = ce.getNextValidTimeAfter(a);
            return Duration.ofMillis(b.getTime() - a.getTime());
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
