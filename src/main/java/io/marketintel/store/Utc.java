package io.marketintel.store;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one text format for time in the store: UTC ISO-8601 to the second, dates YYYY-MM-DD. */
public final class Utc {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    private Utc() {
    }

    public static String iso(Instant t) {
        return ISO.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String now(Clock clock) {
        return iso(clock.instant());
    }

    public static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public static Instant parse(String iso) {
        return Instant.parse(iso);
    }
}
