package io.marketintel.source.coingecko;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.marketintel.pipeline.Mapped;
import io.marketintel.pipeline.PayloadException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The payload → row logic on its own: the real 30-day market_chart recording and the docs' /ohlc sample. */
class CoinGeckoMapperTest {

    static final Sessions SESSIONS = new Sessions(0, 7, 13);
    static final CoinGeckoMapper MAPPER = new CoinGeckoMapper(SESSIONS, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    static String fixture(String name) throws IOException {
        return Files.readString(io.marketintel.RouteTestSupport.fixturePath(name), StandardCharsets.UTF_8);
    }

    static Map<String, OhlcRow> byHour(Mapped<OhlcRow> m) {
        return m.getRows().stream().collect(Collectors.toMap(r -> r.openTime().toString(), Function.identity()));
    }

    // ---- market_chart (the real recording: 720 samples, unaligned minutes, one duplicate and one missing hour) ----

    @Test
    void should_bucket_the_recorded_samples_per_utc_hour_merging_the_duplicate_and_leaving_the_missing_hour_out()
        throws Exception {
        String payload = fixture("coingecko_market_chart_bitcoin_30d_hourly_bonifazdaniel.json");

        Mapped<OhlcRow> m = MAPPER.sampled(payload, "BTC", Instant.parse("2024-12-03T21:00:00Z"));

        assertEquals(0, m.getRejects().size());
        // 720 samples span 720 hours 2024-11-03T21 .. 2024-12-03T20; one hour has two samples, one has none
        assertEquals(719, m.getRows().size());
        Map<String, OhlcRow> h = byHour(m);
        assertEquals(719, h.size(), "one row per hour");

        // the duplicate: samples at 20:09:05.380 (95358.3280631854) and 20:57:48 (95665.32463266946) merge
        OhlcRow dup = h.get("2024-12-03T20:00:00Z");
        assertEquals(95358.3280631854, dup.open());
        assertEquals(95665.32463266946, dup.close());
        assertEquals(95665.32463266946, dup.high());
        assertEquals(95358.3280631854, dup.low());
        assertEquals(OhlcRow.SAMPLED, dup.quality());
        assertEquals(expectedVolumeAt(payload, 1733259468000L), dup.volume24hUsd(), "rolling volume at the last sample");

        // the missing hour stays missing; its neighbours are there
        assertFalse(h.containsKey("2024-11-25T02:00:00Z"));
        assertTrue(h.containsKey("2024-11-25T01:00:00Z"));
        assertTrue(h.containsKey("2024-11-25T03:00:00Z"));

        // the first sample (21:20:55.751) alone makes its hour; ts_utc is the hour's open time
        OhlcRow first = m.getRows().get(0);
        assertEquals("2024-11-03T21:00:00Z", first.openTime().toString());
        assertEquals(69102.91649492079, first.open());
        assertEquals(first.open(), first.close());
        assertEquals(first.open(), first.high());
        assertEquals(first.open(), first.low());
        assertEquals(Sessions.US, first.session());
        assertEquals("BTC", first.asset());
        assertTrue(m.getRows().stream().allMatch(r -> r.volume24hUsd() != null && r.volume24hUsd() > 0));
        assertTrue(m.getRows().stream().allMatch(r -> r.low() <= r.open() && r.open() <= r.high()
            && r.low() <= r.close() && r.close() <= r.high()));
    }

    @Test
    void should_leave_the_hour_in_progress_to_the_forward_call() throws Exception {
        String payload = fixture("coingecko_market_chart_bitcoin_30d_hourly_bonifazdaniel.json");

        // "now" = the recording's last sample (20:57:48): the 20:00 hour is not over yet
        Mapped<OhlcRow> m = MAPPER.sampled(payload, "BTC", Instant.ofEpochMilli(1733259468000L));

        assertEquals(718, m.getRows().size());
        assertEquals("2024-12-03T19:00:00Z", m.getRows().get(m.getRows().size() - 1).openTime().toString());
    }

    @Test
    void should_read_the_docs_market_chart_sample_and_reject_a_non_positive_price() throws Exception {
        String payload = """
            {"prices":[[1711843200000,69702.3087473573],[1711846800000,0],[1711983682000,68887.7495158568]],
             "market_caps":[[1711843200000,1370247487960.09]],
             "total_volumes":[[1711843200000,16408802301.8374],[1711983682000,30137418199.6431]]}""";

        Mapped<OhlcRow> m = MAPPER.sampled(payload, "BTC", Instant.parse("2024-04-02T00:00:00Z"));

        assertEquals(2, m.getRows().size());
        assertEquals(1, m.getRejects().size());
        assertEquals("[1711846800000, 0]", m.getRejects().get(0).payload());
        assertTrue(m.getRejects().get(0).reason().contains("BTC"), m.getRejects().get(0).reason());
        OhlcRow r = m.getRows().get(0);
        assertEquals("2024-03-31T00:00:00Z", r.openTime().toString());
        assertEquals(16408802301.8374, r.volume24hUsd());
        assertEquals(Sessions.ASIA, r.session());
    }

    @Test
    void should_dead_letter_a_truncated_or_error_market_chart_whole() throws Exception {
        String payload = fixture("coingecko_market_chart_bitcoin_30d_hourly_bonifazdaniel.json");
        Instant now = Instant.parse("2024-12-03T21:00:00Z");

        PayloadException truncated = assertThrows(PayloadException.class,
            () -> MAPPER.sampled(payload.substring(0, payload.length() / 2), "BTC", now));
        assertTrue(truncated.getMessage().contains("not valid JSON"), truncated.getMessage());
        PayloadException error = assertThrows(PayloadException.class,
            () -> MAPPER.sampled(fixture("coingecko_429_rate_limited.json"), "BTC", now));
        assertTrue(error.getMessage().contains("error_code"), error.getMessage());
        assertThrows(PayloadException.class, () -> MAPPER.sampled("{\"market_caps\":[]}", "BTC", now));
    }

    // ---- /ohlc 30-minute candles merged into hours -------------------------------------------------------------

    @Test
    void should_merge_each_half_hour_pair_into_one_hour_and_keep_the_hour_in_progress_provisional() throws Exception {
        // the docs' /ohlc sample values, re-timed onto the 30-minute grid of days=1 (close times 16:30, 17:00, 17:30)
        String docs = fixture("coingecko_ohlc_docs_example.json");
        String payload = docs.replace("1709395200000", "1709397000000")    // 2024-03-02T16:30Z
            .replace("1709409600000", "1709398800000")                      // 2024-03-02T17:00Z
            .replace("1709424000000", "1709400600000");                     // 2024-03-02T17:30Z

        Mapped<OhlcRow> m = MAPPER.halfHourly(payload, "BTC", Instant.parse("2024-03-02T17:40:00Z"));

        assertEquals(0, m.getRejects().size());
        assertEquals(2, m.getRows().size());
        OhlcRow hour = m.getRows().get(0);
        assertEquals("2024-03-02T16:00:00Z", hour.openTime().toString());
        assertEquals(61942, hour.open());       // open of the first half
        assertEquals(62211, hour.high());       // max(62211, 62139)
        assertEquals(61721, hour.low());        // min(61721, 61726)
        assertEquals(62139, hour.close());      // close of the second half
        assertEquals(OhlcRow.OHLC, hour.quality());
        assertNull(hour.volume24hUsd());
        assertEquals(Sessions.US, hour.session());
        OhlcRow inProgress = m.getRows().get(1);
        assertEquals("2024-03-02T17:00:00Z", inProgress.openTime().toString());
        assertEquals(OhlcRow.PROVISIONAL, inProgress.quality());
        assertEquals(62171, inProgress.open());
        assertEquals(62068, inProgress.close());
    }

    @Test
    void should_skip_a_leading_lone_second_half_and_mark_an_unfinished_pair_provisional() {
        // 10:00 closes the second half of 09:00 (its first half is outside the 24 h reach); 10:30 + 10:47 (in progress)
        String payload = "[[1709373600000,10,12,9,11],[1709375400000,11,13,10,12],[1709376420000,12,14,11,13]]";

        Mapped<OhlcRow> m = MAPPER.halfHourly(payload, "ETH", Instant.ofEpochMilli(1709376420000L));

        assertEquals(1, m.getRows().size());
        OhlcRow r = m.getRows().get(0);
        assertEquals("2024-03-02T10:00:00Z", r.openTime().toString());
        assertEquals(OhlcRow.PROVISIONAL, r.quality());
        assertEquals(11, r.open());
        assertEquals(14, r.high());
        assertEquals(10, r.low());
        assertEquals(13, r.close());
        assertEquals(Sessions.EUROPE, r.session());
    }

    @Test
    void should_reject_candles_failing_the_data_checks_and_keep_the_rest() {
        String payload = "[[1709397000000,100,90,95,96],"    // high < low
            + "[1709398800000,0,101,99,100],"                 // non-positive price
            + "[1709400600000,100,101,99,102.5],"             // close outside [low, high]
            + "[1709402400000,100,101,99,100],"               // sound: 18:00 closes the second half of 17:00
            + "[1709404200000,100,102,98,101]]";              // sound: 18:30, first half of 18:00

        Mapped<OhlcRow> m = MAPPER.halfHourly(payload, "BTC", Instant.parse("2024-03-02T20:00:00Z"));

        assertEquals(3, m.getRejects().size());
        assertEquals("[1709397000000, 100, 90, 95, 96]", m.getRejects().get(0).payload());
        assertTrue(m.getRejects().get(0).reason().contains("high 90 < low 95"), m.getRejects().get(0).reason());
        assertTrue(m.getRejects().get(1).reason().contains("non-positive"), m.getRejects().get(1).reason());
        assertEquals("[1709400600000, 100, 101, 99, 102.5]", m.getRejects().get(2).payload());
        assertTrue(m.getRejects().get(2).reason().contains("outside [low 99, high 101]"), m.getRejects().get(2).reason());
        // 17:00 lost its first half to the checks: not a true candle, left out; 18:00 is the newest → provisional
        assertEquals(1, m.getRows().size());
        assertEquals("2024-03-02T18:00:00Z", m.getRows().get(0).openTime().toString());
        assertEquals(OhlcRow.PROVISIONAL, m.getRows().get(0).quality());
    }

    @Test
    void should_reject_malformed_candles_and_dead_letter_an_error_object_whole() throws Exception {
        Mapped<OhlcRow> m = MAPPER.halfHourly("[[1709397000000,1,2],{\"x\":1},[1709398800000,1,2,\"a\",1]]", "BTC",
            Instant.parse("2024-03-02T20:00:00Z"));
        assertEquals(3, m.getRejects().size());
        assertEquals(0, m.getRows().size());

        PayloadException e = assertThrows(PayloadException.class,
            () -> MAPPER.halfHourly("{\"error\":\"coin not found\"}", "BTC", Instant.EPOCH));
        assertTrue(e.getMessage().contains("coin not found"), e.getMessage());
        assertThrows(PayloadException.class, () -> MAPPER.halfHourly("[[1709397000000,1,2,1,", "BTC", Instant.EPOCH));
    }

    @Test
    void should_say_what_came_when_the_forward_call_answers_4_hour_candles() throws Exception {
        // CoinGecko's own 4-hour sample (what /ohlc answers for days 3-30): sound candles, none pairs into an hour
        PayloadException e = assertThrows(PayloadException.class, () -> MAPPER.halfHourly(
            fixture("coingecko_ohlc_docs_example.json"), "BTC", Instant.parse("2024-03-03T00:30:00Z")));

        String m = e.getMessage();
        assertTrue(m.startsWith("BTC /ohlc: received 3 candle(s) 4-hour apart, closing 2024-03-02T16:00:00Z to "
            + "2024-03-03T00:00:00Z"), m);
        assertTrue(m.contains("two 30-minute candles") && m.contains("4-hour candles CoinGecko answers when days > 2"), m);
    }

    @Test
    void should_fail_an_answer_without_data_where_data_is_expected() {
        Instant now = Instant.parse("2024-03-03T00:30:00Z");
        for (String empty : new String[] {"", "  ", "[]"}) {
            PayloadException e = assertThrows(PayloadException.class, () -> MAPPER.halfHourly(empty, "ETH", now));
            assertTrue(e.getMessage().startsWith("ETH /ohlc: the answer is an empty"), e.getMessage());
            assertThrows(PayloadException.class, () -> MAPPER.hourly(empty, "ETH", now));
        }
        for (String empty : new String[] {"", "{\"prices\":[],\"total_volumes\":[]}"}) {
            PayloadException e = assertThrows(PayloadException.class, () -> MAPPER.sampled(empty, "BTC", now));
            assertTrue(e.getMessage().startsWith("BTC /market_chart: ") && e.getMessage().contains("price samples were"
                + " expected"), e.getMessage());
        }
    }

    // ---- /ohlc/range hourly candles (paid) ----------------------------------------------------------------------

    @Test
    void should_stamp_hourly_candles_with_their_open_time_on_the_docs_sample_shape() throws Exception {
        // the docs sample is 4-hour data; only its shape (ints, close-time stamps) matters here
        Mapped<OhlcRow> m = MAPPER.hourly(fixture("coingecko_ohlc_docs_example.json"), "BTC",
            Instant.parse("2024-03-03T00:30:00Z"));

        List<OhlcRow> rows = m.getRows();
        assertEquals(3, rows.size());
        assertEquals("2024-03-02T15:00:00Z", rows.get(0).openTime().toString());   // closes 16:00
        assertEquals("2024-03-02T19:00:00Z", rows.get(1).openTime().toString());
        assertEquals("2024-03-02T23:00:00Z", rows.get(2).openTime().toString());
        assertEquals(61942, rows.get(0).open());
        assertEquals(61845, rows.get(0).close());
        assertTrue(rows.stream().allMatch(r -> OhlcRow.OHLC.equals(r.quality())));

        // a candle closing after "now" is the hour in progress
        Mapped<OhlcRow> early = MAPPER.hourly(fixture("coingecko_ohlc_docs_example.json"), "BTC",
            Instant.parse("2024-03-02T23:30:00Z"));
        assertEquals(OhlcRow.PROVISIONAL, early.getRows().get(2).quality());
    }

    // ---- sessions and assets ------------------------------------------------------------------------------------

    @Test
    void should_give_every_utc_hour_exactly_one_session() {
        Sessions s = new Sessions(0, 7, 13);
        assertEquals(Sessions.ASIA, s.of(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli()));
        assertEquals(Sessions.ASIA, s.of(Instant.parse("2024-01-01T06:00:00Z").toEpochMilli()));
        assertEquals(Sessions.EUROPE, s.of(Instant.parse("2024-01-01T07:00:00Z").toEpochMilli()));
        assertEquals(Sessions.EUROPE, s.of(Instant.parse("2024-01-01T12:00:00Z").toEpochMilli()));
        assertEquals(Sessions.US, s.of(Instant.parse("2024-01-01T13:00:00Z").toEpochMilli()));
        assertEquals(Sessions.US, s.of(Instant.parse("2024-01-01T23:00:00Z").toEpochMilli()));
        Sessions wrap = new Sessions(2, 8, 14);
        assertEquals(Sessions.US, wrap.of(Instant.parse("2024-01-01T01:00:00Z").toEpochMilli()));
        assertThrows(IllegalArgumentException.class, () -> new Sessions(7, 7, 13));
    }

    @Test
    void should_parse_the_asset_list_and_name_a_bad_entry() {
        assertEquals(List.of(new CoinGeckoAsset("bitcoin", "BTC"), new CoinGeckoAsset("ethereum", "ETH")),
            CoinGeckoAsset.parseList(" bitcoin:BTC , ethereum:ETH "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CoinGeckoAsset.parseList("bitcoin"));
        assertTrue(e.getMessage().contains("id:SYMBOL"));
        assertThrows(IllegalArgumentException.class, () -> CoinGeckoAsset.parseList("Bitcoin:BTC"));
        assertThrows(IllegalArgumentException.class, () -> CoinGeckoAsset.parseList("bitcoin:btc"));
        assertThrows(IllegalArgumentException.class, () -> CoinGeckoAsset.parseList("bitcoin:BTC,bitcoin:XBT"));
        assertThrows(IllegalArgumentException.class, () -> CoinGeckoAsset.parseList(" , "));
    }

    /** The total_volumes value at a timestamp, read independently of the mapper. */
    private static double expectedVolumeAt(String payload, long ts) {
        String marker = "[" + ts + ", ";
        int vols = payload.indexOf("\"total_volumes\"");
        int at = payload.indexOf(marker, vols);
        int end = payload.indexOf(']', at);
        return Double.parseDouble(payload.substring(at + marker.length(), end));
    }
}
