package io.marketintel.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketintel.pipeline.Mapped;
import io.marketintel.source.coingecko.CoinGeckoMapper;
import io.marketintel.source.coingecko.OhlcRow;
import io.marketintel.source.coingecko.Sessions;
import io.marketintel.source.etf.EtfBatch;
import io.marketintel.source.etf.EtfFlowRow;
import io.marketintel.source.etf.FarsideParser;
import io.marketintel.source.feargreed.FearGreedMapper;
import io.marketintel.source.feargreed.SentimentRow;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's re-stamping and derived candles on the real recordings packed in the jar: values unchanged, times moved
 * so the data ends now, spacing kept; the 30-minute candles exactly as documented; every answer readable by the
 * production mappers.
 */
class DemoRecordingsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOUR = 3_600_000L;
    static final long HALF = 1_800_000L;
    /** a Monday evening, minutes past the hour: the CoinGecko shift is not a round number of days */
    static final Instant NOW = Instant.parse("2026-11-23T23:28:41.123Z");

    static final String MARKET_CHART = DemoServer.resource(DemoServer.MARKET_CHART);
    static final String FEAR_GREED = DemoServer.resource(DemoServer.FEAR_GREED);
    static final String FARSIDE = DemoServer.resource(DemoServer.FARSIDE_BTC);

    @Test
    void should_move_market_chart_by_whole_hours_so_the_last_sample_is_in_the_past_hour_values_and_spacing_unchanged()
        throws Exception {
        RecordedMarketChart chart = RecordedMarketChart.parse(MARKET_CHART);
        JsonNode recorded = JSON.readTree(MARKET_CHART);
        JsonNode served = JSON.readTree(chart.marketChart(NOW.toEpochMilli(), 30));

        for (String series : List.of("prices", "market_caps", "total_volumes")) {
            JsonNode r = recorded.get(series);
            JsonNode s = served.get(series);
            assertEquals(r.size(), s.size(), series + ": days=30 serves the whole recording");
            long shift = s.get(0).get(0).asLong() - r.get(0).get(0).asLong();
            assertEquals(0, shift % HOUR, series + ": whole hours, so every sample keeps its minute in its hour");
            for (int i = 0; i < r.size(); i++) {
                assertEquals(r.get(i).get(1).decimalValue(), s.get(i).get(1).decimalValue(), series + " value " + i);
                assertEquals(r.get(i).get(0).asLong() + shift, s.get(i).get(0).asLong(), series + " spacing at " + i);
            }
        }
        // the text of each value is the recorded text (no double re-printing)
        assertTrue(chart.marketChart(NOW.toEpochMilli(), 30).contains("[" + (1730668855751L + chart.shiftMs(NOW.toEpochMilli()))
            + ", 69102.91649492079]"));
        JsonNode prices = served.get("prices");
        long last = prices.get(prices.size() - 1).get(0).asLong();
        assertTrue(last <= NOW.toEpochMilli() && last > NOW.toEpochMilli() - HOUR, "last sample within the past hour: "
            + Instant.ofEpochMilli(last));

        JsonNode fortnight = JSON.readTree(chart.marketChart(NOW.toEpochMilli(), 14)).get("prices");
        long first = fortnight.get(0).get(0).asLong();
        assertTrue(first >= last - 14 * 86_400_000L && first < last - 14 * 86_400_000L + 2 * HOUR, Instant.ofEpochMilli(first)
            .toString());
        assertEquals(last, fortnight.get(fortnight.size() - 1).get(0).asLong());
        assertTrue(fortnight.size() > 330 && fortnight.size() < 340, "~hourly over 14 days: " + fortnight.size());
    }

    @Test
    void should_derive_30_minute_candles_from_the_samples_inside_each_half_hour_and_carry_the_price_into_empty_ones()
        throws Exception {
        // samples at 00:10 (100), 00:20 (110), 01:05 (90), 02:40 (95) of 2026-11-23; now 03:01
        long day = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
        long m = 60_000L;
        RecordedMarketChart chart = RecordedMarketChart.parse("{\"prices\": [[" + (day + 10 * m) + ", 100], ["
            + (day + 20 * m) + ", 110.5], [" + (day + 65 * m) + ", 90], [" + (day + 160 * m) + ", 95]]}");
        long now = day + 181 * m;
        assertEquals(0, chart.shiftMs(now), "the last sample is already within the past hour");

        String candles = chart.ohlc30m(now);

        assertEquals("[[" + (day + HALF) + ",100,110.5,100,110.5],"          // 00:10 and 00:20
            + "[" + (day + 2 * HALF) + ",110.5,110.5,110.5,110.5],"          // empty: carries 110.5
            + "[" + (day + 3 * HALF) + ",90,90,90,90],"                      // 01:05
            + "[" + (day + 4 * HALF) + ",90,90,90,90],"                      // empty
            + "[" + (day + 5 * HALF) + ",90,90,90,90],"                      // empty
            + "[" + (day + 6 * HALF) + ",95,95,95,95]]", candles,            // 02:40; half hours before 00:10 have no price
            "close time stamps on the 30-minute grid, the last closing at the first grid time after the last sample");
    }

    @Test
    void should_answer_ohlc_with_48_candles_of_recorded_prices_that_the_coingecko_mapper_turns_into_24_hours()
        throws Exception {
        RecordedMarketChart chart = RecordedMarketChart.parse(MARKET_CHART);
        JsonNode candles = JSON.readTree(chart.ohlc30m(NOW.toEpochMilli()));
        Set<java.math.BigDecimal> recordedPrices = new java.util.HashSet<>();
        JSON.readTree(MARKET_CHART).get("prices").forEach(p -> recordedPrices.add(p.get(1).decimalValue()));

        assertEquals(48, candles.size());
        for (int i = 0; i < candles.size(); i++) {
            JsonNode c = candles.get(i);
            assertEquals(0, c.get(0).asLong() % HALF, "on the 30-minute grid");
            if (i > 0) {
                assertEquals(HALF, c.get(0).asLong() - candles.get(i - 1).get(0).asLong(), "consecutive half hours");
            }
            for (int k = 1; k <= 4; k++) {
                assertTrue(recordedPrices.contains(c.get(k).decimalValue()), "a recorded price: " + c);
            }
            assertTrue(c.get(2).asDouble() >= c.get(3).asDouble(), "high >= low: " + c);
        }
        long lastSample = chart.lastMs() + chart.shiftMs(NOW.toEpochMilli());
        assertEquals(RecordedMarketChart.ceil(lastSample, HALF), candles.get(47).get(0).asLong());

        Mapped<OhlcRow> hours = new CoinGeckoMapper(new Sessions(0, 7, 13), Clock.systemUTC())
            .halfHourly(chart.ohlc30m(NOW.toEpochMilli()), "BTC", NOW);
        assertTrue(hours.getRejects().isEmpty(), hours.getRejects().toString());
        assertEquals(24, hours.getRows().size(), "24 pairs of half hours");
    }

    @Test
    void should_move_fear_greed_by_whole_days_so_the_newest_day_is_today_values_and_gaps_unchanged() throws Exception {
        RecordedFearGreed fng = RecordedFearGreed.parse(FEAR_GREED);
        LocalDate today = NOW.atZone(ZoneOffset.UTC).toLocalDate();
        JsonNode recorded = JSON.readTree(FEAR_GREED).get("data");
        JsonNode served = JSON.readTree(fng.render(today, 0)).get("data");

        assertEquals(365, served.size(), "limit=0: all");
        long shift = served.get(0).get("timestamp").asLong() - recorded.get(0).get("timestamp").asLong();
        assertEquals(0, shift % 86_400, "whole days");
        assertEquals(today.atStartOfDay(ZoneOffset.UTC).toEpochSecond(), served.get(0).get("timestamp").asLong());
        for (int i = 0; i < recorded.size(); i++) {
            assertEquals(recorded.get(i).get("value").asText(), served.get(i).get("value").asText());
            assertEquals(recorded.get(i).get("value_classification").asText(), served.get(i).get("value_classification").asText());
            assertEquals(recorded.get(i).get("timestamp").asLong() + shift, served.get(i).get("timestamp").asLong(),
                "spacing (and the recorded missing day) kept at " + i);
        }
        assertEquals("6023", served.get(0).get("time_until_update").asText());

        List<SentimentRow> rows = new FearGreedMapper().map(fng.render(today, 30)).getRows();
        assertEquals(30, rows.size(), "limit=30: the newest 30");
        assertEquals(today, rows.stream().map(SentimentRow::asOfDate).max(LocalDate::compareTo).orElseThrow());
        assertEquals(47, rows.stream().filter(r -> r.asOfDate().equals(today)).findFirst().orElseThrow().value(),
            "the recording's newest value (47, Neutral) is today's");
    }

    @Test
    void should_move_the_farside_page_by_whole_weeks_keeping_weekdays_and_every_flow() {
        RecordedFarsidePage page = new RecordedFarsidePage(FARSIDE);
        LocalDate today = NOW.atZone(ZoneOffset.UTC).toLocalDate();
        FarsideParser parser = new FarsideParser();
        EtfBatch recorded = parser.parse(FARSIDE, "BTC");
        EtfBatch served = parser.parse(page.render(today), "BTC");

        assertEquals(LocalDate.of(2026, 7, 23), page.newestDay());
        LocalDate newest = page.newestDay().plusWeeks(page.shiftWeeks(today));
        assertTrue(!newest.isAfter(today) && newest.isAfter(today.minusDays(7)), newest.toString());
        assertEquals(recorded.getRows().size(), served.getRows().size());
        assertTrue(served.getWarnings().isEmpty(), served.getWarnings().toString());
        List<EtfFlowRow> expected = new ArrayList<>();
        for (EtfFlowRow r : recorded.getRows()) {
            expected.add(new EtfFlowRow(r.asOfDate().plusWeeks(page.shiftWeeks(today)), r.ticker(), r.asset(),
                r.netFlowUsd(), r.source()));
        }
        assertEquals(expected, served.getRows(), "same funds and flows, dates moved by whole weeks");
        Set<DayOfWeek> weekdays = served.getRows().stream().map(r -> r.asOfDate().getDayOfWeek()).collect(Collectors.toSet());
        assertTrue(weekdays.stream().noneMatch(d -> d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY), weekdays.toString());
        LocalDate newestStored = served.getRows().stream().map(EtfFlowRow::asOfDate).max(LocalDate::compareTo).orElseThrow();
        assertTrue(newestStored.isAfter(today.minusDays(14)), "inside the snapshot's 14-day window: " + newestStored);
    }

    @Test
    void should_serve_what_was_recorded_over_http_and_404_what_was_not() throws Exception {
        try (DemoServer server = DemoServer.start(Clock.fixed(NOW, ZoneOffset.UTC))) {
            HttpClient http = HttpClient.newHttpClient();
            Map<String, Integer> expected = Map.of(
                "/api/v3/ping", 200,
                "/api/v3/coins/bitcoin/market_chart?vs_currency=usd&days=14", 200,
                "/api/v3/coins/bitcoin/ohlc?vs_currency=usd&days=1", 200,
                "/fng/?limit=30", 200,
                "/btc/", 200,
                "/api/v3/coins/ethereum/ohlc?vs_currency=usd&days=1", 404,
                "/eth/", 404,
                "/api/v3/coins/bitcoin/ohlc?vs_currency=usd&days=14", 404);
            for (Map.Entry<String, Integer> e : expected.entrySet()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + e.getKey())).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(e.getValue(), r.statusCode(), e.getKey() + ": " + r.body());
            }
            String fng = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/fng/?limit=2")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(2, JSON.readTree(fng).get("data").size());
            assertTrue(server.note("data/demo.db").contains("recorded 2024-11-03 21:20 UTC – 2024-12-03 20:57 UTC"),
                server.note("data/demo.db"));
            assertEquals("127.0.0.1", URI.create(server.properties().getProperty("coingecko.base-url")).getHost());
        }
    }
}
