package io.marketintel.monitor;

import io.marketintel.pipeline.Source;

import io.marketintel.pipeline.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Staleness of ETF flows follows the US trading calendar: a day's flows can only exist once the NYSE has closed
 * that day, and weekends and NYSE holidays have none. The other sources: older than twice their period.
 */
class FreshnessTest {

    static final Source FARSIDE = new Source("etf-farside", "etf.farside", List.of("etf_flows_daily"), List.of(), true, true, false, false);
    static final Source SOSOVALUE = new Source("etf-sosovalue", "etf.sosovalue", List.of("etf_flows_daily"), List.of(), true, true, false, false);
    static final Duration FARSIDE_PERIOD = Schedules.period("0 30 7,23 * * ?");

    static Instant day(String date) {
        return LocalDate.parse(date).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    static boolean stale(Source s, String newestDay, String now) {
        return SourceMonitor.stale(s, day(newestDay), Instant.parse(now), Duration.ofHours(8));
    }

    @Test
    void should_keep_farside_fresh_on_a_tuesday_morning_with_mondays_flows() {
        // 2026-11-24 is a Tuesday: Monday's flows are the newest that can exist until Tuesday's close (21:00 UTC)
        assertFalse(stale(FARSIDE, "2026-11-23", "2026-11-24T08:30:00Z"));
        assertFalse(stale(FARSIDE, "2026-11-23", "2026-11-24T20:59:00Z"));
        assertFalse(stale(SOSOVALUE, "2026-11-23", "2026-11-24T13:15:00Z"));
    }

    @Test
    void should_call_farside_stale_once_a_closed_trading_day_is_missing_for_twice_the_period() {
        // Tuesday closed at 21:00 UTC; after 16 h (two 8-hour periods) without it the source is stale
        assertFalse(stale(FARSIDE, "2026-11-23", "2026-11-25T12:59:00Z"));
        assertTrue(stale(FARSIDE, "2026-11-23", "2026-11-25T13:01:00Z"));
        assertTrue(stale(FARSIDE, "2026-11-10", "2026-11-24T08:30:00Z"));
    }

    @Test
    void should_keep_fridays_flows_fresh_over_the_weekend_and_a_holiday_monday() {
        // Friday 2026-11-20 -> Monday 2026-11-23 closes 21:00 UTC
        assertFalse(stale(FARSIDE, "2026-11-20", "2026-11-23T08:30:00Z"));
        assertTrue(stale(FARSIDE, "2026-11-20", "2026-11-24T13:01:00Z"));
        // Martin Luther King Day 2026-01-19 (a Monday): Friday's flows are the newest until Tuesday's close
        assertFalse(stale(FARSIDE, "2026-01-16", "2026-01-20T08:30:00Z"));
        // Thanksgiving 2026-11-26: Wednesday's flows are the newest until Friday's close (13:00 ET is ignored:
        // only the later regular close is assumed, so an early close never makes a source stale too soon)
        assertFalse(stale(FARSIDE, "2026-11-25", "2026-11-27T08:30:00Z"));
        // Good Friday 2026-04-03, with Easter computed by rule
        assertFalse(stale(FARSIDE, "2026-04-02", "2026-04-06T08:30:00Z"));
    }

    @Test
    void should_keep_twice_the_period_for_sources_that_publish_every_day() {
        Source fng = new Source("fear-greed", "feargreed", List.of("sentiment_daily"), List.of(), false, true, false, false);
        assertFalse(SourceMonitor.stale(fng, day("2026-11-23"), Instant.parse("2026-11-24T23:59:00Z"), Duration.ofDays(1)));
        assertTrue(SourceMonitor.stale(fng, day("2026-11-23"), Instant.parse("2026-11-25T00:01:00Z"), Duration.ofDays(1)));
        assertTrue(SourceMonitor.stale(fng, null, Instant.parse("2026-11-25T00:01:00Z"), Duration.ofDays(1)));
        assertFalse(SourceMonitor.stale(new Source("etf-inbox", "etf.inbox", List.of("etf_flows_daily"), List.of(), true, false, false, false), day("2020-01-01"), Instant.now(), null),
            "no schedule, never late");
    }
}
