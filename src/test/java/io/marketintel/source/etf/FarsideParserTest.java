package io.marketintel.source.etf;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.PayloadException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Farside parser on the real recorded pages (2026 /btc/ markup, 2024 all-data table) and documented layouts. */
class FarsideParserTest {

    static final String PAGE_2026 = RouteTestSupport.fixture("farside_btc_trimmed_portafolio_crypto.html");
    static final List<String> BTC_2024 = List.of("IBIT", "FBTC", "BITB", "ARKB", "BTCO", "EZBC", "BRRR", "HODL", "BTCW",
        "GBTC", "BTC");

    final FarsideParser parser = new FarsideParser();

    @Test
    void should_read_only_the_pages_of_the_assets_listed_in_etf_farside_assets() {
        assertEquals(List.of("/btc/", "/eth/"), parser.pages(false).stream().map(FarsideParser.Page::path).toList());
        FarsideParser btc = new FarsideParser(FarsideParser.assets(" btc "));
        assertEquals(List.of(new FarsideParser.Page("BTC", "/btc/")), btc.pages(false));
        assertEquals(List.of(new FarsideParser.Page("BTC", "/bitcoin-etf-flow-all-data/")), btc.pages(true));
        assertEquals(List.of("ETH", "BTC"), FarsideParser.assets("ETH,BTC"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FarsideParser.assets("BTC,SOL")).getMessage()
            .contains("'SOL' is not BTC or ETH"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FarsideParser.assets("BTC,btc")).getMessage()
            .contains("BTC is listed twice"));
        assertThrows(IllegalArgumentException.class, () -> FarsideParser.assets(""));
    }

    @Test
    void should_read_every_fund_and_day_of_the_2026_page_and_skip_provisional_row_and_footers() {
        EtfBatch b = parser.parse(PAGE_2026, "BTC");

        assertEquals(156, b.getRows().size(), "13 reported days x 12 funds");
        assertTrue(b.getMapped().getRejects().isEmpty(), b.getMapped().getRejects().toString());
        assertTrue(b.getWarnings().isEmpty(), "every day adds up to Farside's Total: " + b.getWarnings());
        Set<LocalDate> days = b.getRows().stream().map(EtfFlowRow::asOfDate).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(13, days.size());
        assertEquals(LocalDate.of(2026, 7, 6), ((TreeSet<LocalDate>) days).first());
        assertEquals(LocalDate.of(2026, 7, 22), ((TreeSet<LocalDate>) days).last());
        assertFalse(days.contains(LocalDate.of(2026, 7, 23)), "the green provisional day is not stored");
        assertEquals(Set.of("IBIT", "FBTC", "BITB", "ARKB", "BTCO", "EZBC", "BRRR", "HODL", "BTCW", "MSBT", "GBTC", "BTC"),
            b.getRows().stream().map(EtfFlowRow::ticker).collect(Collectors.toSet()), "MSBT (new in 2026) included");
        assertTrue(b.getRows().stream().allMatch(r -> r.asset().equals("BTC") && r.source().equals("farside")));

        assertEquals(new BigDecimal("-44500000.00"), flow(b, "2026-07-06", "GBTC"), "(44.5) is negative");
        assertEquals(new BigDecimal("209400000.00"), flow(b, "2026-07-06", "IBIT"));
        assertEquals(new BigDecimal("11000000.00"), flow(b, "2026-07-06", "MSBT"));
        assertEquals(0, flow(b, "2026-07-06", "BTCO").signum(), "a reported 0.0 is a zero flow");
        assertEquals(new BigDecimal("-185500000.00"), flow(b, "2026-07-13", "IBIT"));
        // per-day sums equal Farside's Total (in millions, from the page)
        assertEquals(new BigDecimal("-424.7"), sumMillions(b, "2026-07-13"));
        assertEquals(new BigDecimal("265.7"), sumMillions(b, "2026-07-06"));
    }

    @Test
    void should_read_the_2024_all_data_table_with_holidays_dashes_placeholder_and_footers() throws Exception {
        List<Map<String, String>> json = new ObjectMapper().readValue(
            RouteTestSupport.fixture("farside_btc_table_fberger-etfs.json"), new TypeReference<>() { });
        String html = FarsideMarkup.table(BTC_2024, 3, json, null);

        EtfBatch b = parser.parse(html, "BTC");

        assertEquals(2095, b.getRows().size(), "every non-'-' fund cell of the 203 reported days");
        Set<LocalDate> days = b.getRows().stream().map(EtfFlowRow::asOfDate).collect(Collectors.toSet());
        assertEquals(203, days.size(), "211 dated rows - 7 holidays - the 31 Oct placeholder");
        for (String holiday : List.of("2024-01-15", "2024-02-19", "2024-03-29", "2024-05-27", "2024-06-19", "2024-07-04",
            "2024-09-02")) {
            assertFalse(days.contains(LocalDate.parse(holiday)), "holiday " + holiday + " is not stored as zeros");
        }
        assertFalse(days.contains(LocalDate.parse("2024-10-31")), "the all-0.0 placeholder of a day not reported yet");
        assertEquals(65, b.getRows().stream().filter(r -> r.ticker().equals("BTC")).count(), "'-' before BTC listed");
        assertNull(flowOrNull(b, "2024-01-11", "BTC"));
        assertEquals(new BigDecimal("-95100000.00"), flow(b, "2024-01-11", "GBTC"));
        assertEquals(new BigDecimal("111700000.00"), flow(b, "2024-01-11", "IBIT"));

        // every day adds up to Farside's Total, except the one day Farside itself left at 0.0: it is warned about
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (Map<String, String> r : json) {
            LocalDate d = FarsideParser.date(r.get("Date"));
            if (d != null && days.contains(d)) {
                totals.put(d.toString(), FarsideParser.millions(r.get("Total"), "Total"));
            }
        }
        List<String> mismatched = new ArrayList<>();
        totals.forEach((d, t) -> {
            if (sumMillions(b, d).compareTo(t) != 0) {
                mismatched.add(d);
            }
        });
        assertEquals(List.of("2024-10-29"), mismatched);
        assertEquals(1, b.getWarnings().size(), b.getWarnings().toString());
        assertTrue(b.getWarnings().get(0).contains("2024-10-29") && b.getWarnings().get(0).contains("870.1"),
            b.getWarnings().get(0));
    }

    @Test
    void should_turn_an_unknown_new_ticker_column_into_rows() {
        List<String> tickers = List.of("IBIT", "NEWX", "GBTC");
        List<Map<String, String>> rows = List.of(
            row("02 Mar 2026", "IBIT", "1,119.9", "NEWX", "12.3", "GBTC", "(1,045.0)", "Total", "87.2"),
            row("03 Mar 2026", "IBIT", "5.0", "NEWX", "-", "GBTC", "0.0", "Total", "5.0"),
            row("Total", "IBIT", "1,124.9", "NEWX", "12.3", "GBTC", "(1,045.0)", "Total", "92.2"));

        EtfBatch b = parser.parse(FarsideMarkup.table(tickers, 3, rows, null), "BTC");

        assertEquals(5, b.getRows().size());
        assertEquals(new BigDecimal("12300000.00"), flow(b, "2026-03-02", "NEWX"));
        assertEquals(new BigDecimal("1119900000.00"), flow(b, "2026-03-02", "IBIT"), "thousands separator");
        assertEquals(new BigDecimal("-1045000000.00"), flow(b, "2026-03-02", "GBTC"), "negative with separator");
        assertNull(flowOrNull(b, "2026-03-03", "NEWX"));
        assertTrue(b.getWarnings().isEmpty(), b.getWarnings().toString());
    }

    @Test
    void should_parse_an_eth_table_with_four_header_rows() {
        List<String> tickers = List.of("ETHA", "FETH", "ETHW", "TETH", "ETHV", "QETH", "EZET", "ETHE", "ETH");
        List<Map<String, String>> rows = List.of(
            row("04 Aug 2025", "ETHA", "(12.4)", "FETH", "3.1", "ETHW", "0.0", "TETH", "-", "ETHV", "0.0", "QETH", "0.0",
                "EZET", "0.0", "ETHE", "(8.0)", "ETH", "1.2", "Total", "(16.1)"),
            row("05 Aug 2025", "ETHA", "-", "FETH", "-", "ETHW", "-", "TETH", "-", "ETHV", "-", "QETH", "-",
                "EZET", "-", "ETHE", "-", "ETH", "-", "Total", "0.0"));

        EtfBatch b = parser.parse(FarsideMarkup.table(tickers, 4, rows, "05 Aug 2025"), "ETH");

        assertEquals(8, b.getRows().size(), "9 funds minus one '-' on the one reported day");
        assertTrue(b.getRows().stream().allMatch(r -> r.asset().equals("ETH")));
        assertEquals(new BigDecimal("-12400000.00"), flow(b, "2025-08-04", "ETHA"));
        assertTrue(b.getRows().stream().noneMatch(r -> r.ticker().equals("FEE")));
        assertTrue(b.getWarnings().isEmpty(), b.getWarnings().toString());
    }

    @Test
    void should_keep_an_all_zero_day_that_is_followed_by_a_reported_day() {
        List<Map<String, String>> rows = List.of(
            row("02 Mar 2026", "IBIT", "0.0", "GBTC", "0.0", "Total", "0.0"),
            row("03 Mar 2026", "IBIT", "5.0", "GBTC", "0.0", "Total", "5.0"),
            row("04 Mar 2026", "IBIT", "0.0", "GBTC", "0.0", "Total", "0.0"));

        EtfBatch b = parser.parse(FarsideMarkup.table(List.of("IBIT", "GBTC"), 3, rows, null), "BTC");

        assertEquals(4, b.getRows().size(), "2 Mar (a real zero day) and 3 Mar; 4 Mar is a placeholder");
        assertNull(flowOrNull(b, "2026-03-04", "IBIT"));
    }

    @Test
    void should_reject_a_row_with_a_malformed_cell_and_keep_the_others() {
        List<Map<String, String>> rows = List.of(
            row("02 Mar 2026", "IBIT", "12.x", "GBTC", "0.0", "Total", "12.0"),
            row("03 Mar 2026", "IBIT", "5.0", "GBTC", "0.0", "Total", "5.0"));

        EtfBatch b = parser.parse(FarsideMarkup.table(List.of("IBIT", "GBTC"), 3, rows, null), "BTC");

        assertEquals(2, b.getRows().size());
        assertEquals(1, b.getMapped().getRejects().size());
        assertTrue(b.getMapped().getRejects().get(0).reason().contains("'12.x'"));
    }

    @Test
    void should_fail_whole_on_a_page_without_the_etf_table() {
        PayloadException e = assertThrows(PayloadException.class, () -> parser.parse(
            "<html><head><title>Just a moment...</title></head><body>challenge</body></html>", "BTC"));
        assertTrue(e.getMessage().contains("Just a moment"), e.getMessage());
    }

    @Test
    void should_read_millions_in_every_published_form() {
        assertEquals(new BigDecimal("-44.5"), FarsideParser.millions("(44.5)", "x"));
        assertEquals(new BigDecimal("1119.9"), FarsideParser.millions("1,119.9", "x"));
        assertEquals(new BigDecimal("-1113.7"), FarsideParser.millions("(1,113.7)", "x"));
        assertNull(FarsideParser.millions("-", "x"));
        assertNull(FarsideParser.millions(" ", "x"));
        assertThrows(IllegalArgumentException.class, () -> FarsideParser.millions("1,1199.9", "x"));
    }

    static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Date", kv[0]);
        for (int i = 1; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static BigDecimal flow(EtfBatch b, String day, String ticker) {
        BigDecimal v = flowOrNull(b, day, ticker);
        assertTrue(v != null, "no row for " + ticker + " on " + day);
        return v;
    }

    static BigDecimal flowOrNull(EtfBatch b, String day, String ticker) {
        return b.getRows().stream().filter(r -> r.asOfDate().toString().equals(day) && r.ticker().equals(ticker))
            .map(EtfFlowRow::netFlowUsd).findFirst().orElse(null);
    }

    static BigDecimal sumMillions(EtfBatch b, String day) {
        return b.getRows().stream().filter(r -> r.asOfDate().toString().equals(day)).map(EtfFlowRow::netFlowUsd)
            .reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(1_000_000)).setScale(1);
    }
}
