package io.marketintel.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NYSE holidays by rule, checked against the exchange's published calendars. */
class UsTradingCalendarTest {

    static List<LocalDate> holidays(int year) {
        return Stream.iterate(LocalDate.of(year, 1, 1), d -> d.getYear() == year, d -> d.plusDays(1))
            .filter(UsTradingCalendar::isHoliday).toList();
    }

    static List<LocalDate> dates(String... d) {
        return Stream.of(d).map(LocalDate::parse).toList();
    }

    @Test
    void should_list_the_nyse_holidays_of_2025_2026_and_2027() {
        // 2025 also closed 2025-01-09 (national day of mourning): announced, not a rule
        assertEquals(dates("2025-01-01", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19",
            "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25"), holidays(2025));
        // Independence Day on a Saturday: observed Friday 07-03
        assertEquals(dates("2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
            "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"), holidays(2026));
        // Juneteenth and Christmas on a Saturday (Fridays before), Independence Day on a Sunday (Monday after)
        assertEquals(dates("2027-01-01", "2027-01-18", "2027-02-15", "2027-03-26", "2027-05-31", "2027-06-18",
            "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24"), holidays(2027));
    }

    @Test
    void should_not_observe_new_years_day_on_the_friday_before_when_it_falls_on_a_saturday() {
        assertTrue(UsTradingCalendar.isTradingDay(LocalDate.parse("2021-12-31")));
        assertFalse(UsTradingCalendar.isHoliday(LocalDate.parse("2022-01-01")));
        assertTrue(UsTradingCalendar.isHoliday(LocalDate.parse("2023-01-02")), "Sunday 2023-01-01 -> Monday");
    }

    @Test
    void should_find_the_next_trading_day_and_its_close_in_new_york_time() {
        assertEquals(LocalDate.parse("2026-11-30"), UsTradingCalendar.nextTradingDay(LocalDate.parse("2026-11-25")).plusDays(3));
        assertEquals(LocalDate.parse("2026-11-27"), UsTradingCalendar.nextTradingDay(LocalDate.parse("2026-11-25")));
        assertEquals(LocalDate.parse("2026-01-20"), UsTradingCalendar.nextTradingDay(LocalDate.parse("2026-01-16")));
        assertEquals(Instant.parse("2026-11-24T21:00:00Z"), UsTradingCalendar.close(LocalDate.parse("2026-11-24")), "EST");
        assertEquals(Instant.parse("2026-07-02T20:00:00Z"), UsTradingCalendar.close(LocalDate.parse("2026-07-02")), "EDT");
    }
}
