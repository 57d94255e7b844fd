package io.marketintel.source.etf;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.marketintel.pipeline.PayloadException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inbox file format: all lines valid or nothing, each bad line named with its number and why. */
class EtfCsvParserTest {

    final Clock clock = Clock.fixed(Instant.parse("2026-07-23T12:00:00Z"), ZoneOffset.UTC);
    final EtfCsvParser parser = new EtfCsvParser(t -> Optional.ofNullable(Map.of("IBIT", "BTC").get(t)), clock);

    @Test
    void should_read_a_valid_file_with_and_without_the_asset_column() {
        EtfCsvParser.Parsed p = parser.read("as_of_date,ticker,net_flow_usd,asset\n2026-07-22,IBIT,38800000,BTC\n"
            + "2026-07-22,ETHA,-1234.5,eth\n\n");
        assertEquals(List.of(), p.problems());
        assertEquals(new EtfFlowRow(java.time.LocalDate.parse("2026-07-22"), "IBIT", "BTC", new BigDecimal("38800000.00"),
            "csv"), p.rows().get(0));
        assertEquals("ETH", p.rows().get(1).asset());

        EtfCsvParser.Parsed noAsset = parser.read("\uFEFFticker,as_of_date,net_flow_usd\r\nIBIT,2026-07-21,-5\r\n");
        assertEquals(List.of(), noAsset.problems());
        assertEquals("BTC", noAsset.rows().get(0).asset(), "asset of a ticker the store knows");
    }

    @Test
    void should_list_every_bad_line_and_apply_none() {
        EtfCsvParser.Parsed p = parser.read("""
            as_of_date,ticker,net_flow_usd,asset
            2026-07-22,IBIT,38800000,BTC
            2026-13-01,IBIT,1,BTC
            2026-07-21,../../x,1,BTC
            2026-07-21,FBTC,1e6,BTC
            2026-07-21,FBTC,"1,000",BTC
            2026-07-24,FBTC,1,BTC
            2026-07-22,IBIT,2,BTC
            2026-07-21,FBTC,1,DOGE
            """);
        assertTrue(p.rows().isEmpty(), "nothing applied");
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9), p.problems().stream().map(EtfCsvParser.Problem::line).toList(),
            p.problems().toString());
        assertTrue(p.problems().get(0).why().contains("bad date"));
        assertTrue(p.problems().get(1).why().contains("bad ticker '../../x'"));
        assertTrue(p.problems().get(2).why().contains("not a number"));
        assertTrue(p.problems().get(3).why().contains("field(s)"));
        assertTrue(p.problems().get(4).why().contains("future"));
        assertTrue(p.problems().get(5).why().contains("already given on line 2"));
        assertTrue(p.problems().get(6).why().contains("BTC or ETH"));
    }

    @Test
    void should_reject_unknown_columns_and_unknown_tickers_without_asset() {
        assertEquals(1, parser.read("as_of_date,ticker,net_flow_usd,comment\n").problems().get(0).line());
        assertTrue(parser.read("as_of_date,ticker\n").problems().get(0).why().contains("missing column 'net_flow_usd'"));
        EtfCsvParser.Parsed p = parser.read("as_of_date,ticker,net_flow_usd\n2026-07-22,NEWX,1\n");
        assertTrue(p.problems().get(0).why().contains("add an asset column"), p.problems().toString());
    }

    @Test
    void should_reject_a_known_fund_under_the_other_asset_naming_the_line() {
        EtfCsvParser.Parsed p = parser.read("as_of_date,ticker,net_flow_usd,asset\n2026-07-22,FBTC,1,BTC\n"
            + "2026-07-22,IBIT,10000,ETH\n");
        assertTrue(p.rows().isEmpty(), "nothing applied");
        assertEquals(List.of(3), p.problems().stream().map(EtfCsvParser.Problem::line).toList(), p.problems().toString());
        assertEquals("IBIT is a BTC fund (the store has it as BTC), not ETH: fix the asset column",
            p.problems().get(0).why());
    }

    @Test
    void should_store_a_ticker_nobody_knows_with_a_warning_naming_ticker_and_asset() {
        EtfBatch b = parser.parse("as_of_date,ticker,net_flow_usd,asset\n2026-07-22,IBIT,1,BTC\n2026-07-22,ZZZZ,5,ETH\n"
            + "2026-07-21,ZZZZ,6,ETH\n", "f.csv");
        assertEquals(2 + 1, b.getRows().size());
        assertEquals(List.of("inbox file f.csv: new fund ZZZZ (ETH) on line 3: no source has reported this ticker "
            + "before; stored as a new ETH fund (check the ticker if it is not a new fund)"), b.getWarnings());

        EtfCsvParser.Parsed twice = parser.read("as_of_date,ticker,net_flow_usd,asset\n2026-07-22,ZZZZ,5,ETH\n"
            + "2026-07-21,ZZZZ,6,BTC\n");
        assertTrue(twice.rows().isEmpty());
        assertTrue(twice.warnings().isEmpty(), "a rejected file stores nothing, so it warns of nothing");
        assertEquals("ZZZZ is given as ETH on line 2 and as BTC here: one fund has one asset",
            twice.problems().get(0).why());
    }

    @Test
    void should_reject_an_empty_file_and_a_header_without_lines_with_a_note_saying_so() {
        assertTrue(parser.read("").problems().get(0).why().startsWith("the file is empty (0 bytes): nothing stored"));
        assertTrue(parser.read("\n \n").problems().get(0).why().startsWith("the file holds only blank lines"));
        EtfCsvParser.Parsed header = parser.read("as_of_date,ticker,net_flow_usd,asset\n\n");
        assertEquals(1, header.problems().size());
        assertTrue(header.problems().get(0).why().startsWith("the file has the header but no lines: nothing stored"),
            header.problems().toString());
    }

    @Test
    void should_fail_the_route_step_with_the_bad_lines_in_the_message() {
        PayloadException e = assertThrows(PayloadException.class,
            () -> parser.parse("as_of_date,ticker,net_flow_usd,asset\n2026-07-22,IBIT,x,BTC\n", "flows.csv"));
        assertTrue(e.getMessage().startsWith("inbox file flows.csv rejected, nothing stored: 1 invalid line(s); line 2:"),
            e.getMessage());
    }

    @Test
    void should_validate_the_precedence_property() {
        assertEquals(1, EtfPrecedence.parse("csv, sosovalue, farside").rank("csv"));
        assertTrue(EtfPrecedence.parse("farside,sosovalue,csv").replaces("farside", "csv"));
        assertTrue(EtfPrecedence.parse("csv,sosovalue,farside").replaces("farside", "farside"));
        assertTrue(EtfPrecedence.parse("csv,sosovalue,farside").replaces("farside", "mock"));
        assertThrows(IllegalArgumentException.class, () -> EtfPrecedence.parse("csv,farside"));
        assertThrows(IllegalArgumentException.class, () -> EtfPrecedence.parse("csv,csv,farside"));
    }
}
