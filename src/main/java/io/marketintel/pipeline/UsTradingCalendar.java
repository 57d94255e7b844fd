package io.marketintel.pipeline;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/**
 * The NYSE's trading days and closes, computed by rule (no network, no list to update): weekends and the exchange's
 * regular holidays (NYSE Rule 7.2) are not trading days, and a day's ETF flows can exist only after its 16:00
 * New York close. A holiday on a Saturday is observed on the Friday before, on a Sunday on the Monday after — except
 * New Year's Day on a Saturday, which the NYSE does not observe (the last trading day of the year stays open).
 * Not covered (so a source is at most called stale a day early there, never late): closures announced ad hoc
 * (national mourning, weather), and early closes (13:00), for which the later regular close is assumed.
 */
public final class UsTradingCalendar {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final LocalTime CLOSE = LocalTime.of(16, 0);

    private UsTradingCalendar() {
    }

    public static boolean isTradingDay(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY && !isHoliday(d);
    }

    /** The first trading day after {@code d}. */
    public static LocalDate nextTradingDay(LocalDate d) {
        LocalDate n = d.plusDays(1);
        while (!isTradingDay(n)) {
            n = n.plusDays(1);
        }
        return n;
    }

    /** The regular close of a day, 16:00 New York time (EST or EDT). */
    public static Instant close(LocalDate d) {
        return d.atTime(CLOSE).atZone(NEW_YORK).toInstant();
    }

    /** A weekday the NYSE is closed for a regular holiday. */
    public static boolean isHoliday(LocalDate d) {
        int y = d.getYear();
        // New Year's Day: Sunday -> Monday; Saturday -> not observed
        LocalDate newYear = LocalDate.of(y, Month.JANUARY, 1);
        if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY
            && d.equals(newYear.getDayOfWeek() == DayOfWeek.SUNDAY ? newYear.plusDays(1) : newYear)) {
            return true;
        }
        return d.equals(nth(y, Month.JANUARY, DayOfWeek.MONDAY, 3))          // Martin Luther King Jr. Day
            || d.equals(nth(y, Month.FEBRUARY, DayOfWeek.MONDAY, 3))         // Washington's Birthday
            || d.equals(easterSunday(y).minusDays(2))                        // Good Friday
            || d.equals(LocalDate.of(y, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
            || y >= 2022 && d.equals(observed(LocalDate.of(y, Month.JUNE, 19)))  // Juneteenth
            || d.equals(observed(LocalDate.of(y, Month.JULY, 4)))             // Independence Day
            || d.equals(nth(y, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))         // Labor Day
            || d.equals(nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4))        // Thanksgiving
            || d.equals(observed(LocalDate.of(y, Month.DECEMBER, 25)));       // Christmas
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }

    private static LocalDate observed(LocalDate holiday) {
        return switch (holiday.getDayOfWeek()) {
            case SATURDAY -> holiday.minusDays(1);
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int y) {
        int a = y % 19;
        int b = y / 100;
        int c = y % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(y, month, day);
    }
}
