package io.marketintel.store;

import io.marketintel.StepClock;
import io.marketintel.source.etf.EtfFlowRepository;
import io.marketintel.source.etf.EtfTotalRepository;
import io.marketintel.source.feargreed.SentimentRepository;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.marketintel.source.etf.EtfFlowRow;
import io.marketintel.source.etf.EtfPrecedence;
import io.marketintel.source.etf.EtfTotalRow;
import io.marketintel.source.feargreed.SentimentRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A re-run that brings nothing new leaves the daily tables as they were: ingested_at keeps the time the values last
 * changed and the upsert reports 0 rows written (ohlc_hourly's rule, OhlcRepositoryTest, for the other tables).
 */
class UnchangedRowsTest {

    static final LocalDate DAY = LocalDate.parse("2026-11-23");

    HikariDataSource ds;
    final StepClock clock = new StepClock();

    @BeforeEach
    void open() throws Exception {
        Path dir = Files.createTempDirectory("unchanged-rows");
        ds = io.marketintel.RouteTestSupport.openStore(dir.resolve("t.db"));
    }

    @AfterEach
    void close() {
        ds.close();
    }

    String ingestedAt(String table) throws Exception {
        return (String) Jdbc.query(ds, "SELECT ingested_at FROM " + table).get(0).get("ingested_at");
    }

    @Test
    void should_not_rewrite_an_unchanged_fear_and_greed_day() throws Exception {
        SentimentRepository repo = new SentimentRepository(ds, clock);
        assertEquals(1, repo.upsert(List.of(new SentimentRow(DAY, 40, "Fear"))).rows());
        clock.now = clock.now.plusSeconds(60);

        assertEquals(0, repo.upsert(List.of(new SentimentRow(DAY, 40, "Fear"))).rows(), "nothing written");
        assertEquals("2026-11-23T15:20:00Z", ingestedAt("sentiment_daily"));

        assertEquals(1, repo.upsert(List.of(new SentimentRow(DAY, 41, "Fear"))).rows(), "a revision is written");
        assertEquals("2026-11-23T15:21:00Z", ingestedAt("sentiment_daily"));
    }

    @Test
    void should_not_rewrite_an_unchanged_fund_day() throws Exception {
        EtfFlowRepository repo = new EtfFlowRepository(ds, clock, EtfPrecedence.parse("csv,sosovalue,farside"));
        EtfFlowRow ibit = new EtfFlowRow(DAY, "IBIT", "BTC", new BigDecimal("163900000.00"), "farside");
        assertEquals(1, repo.upsert(List.of(ibit)).getStored().rows());
        clock.now = clock.now.plusSeconds(60);

        assertEquals(0, repo.upsert(List.of(ibit)).getStored().rows(), "nothing written");
        assertEquals("2026-11-23T15:20:00Z", ingestedAt("etf_flows_daily"));

        EtfFlowRow revised = new EtfFlowRow(DAY, "IBIT", "BTC", new BigDecimal("164000000.00"), "farside");
        assertEquals(1, repo.upsert(List.of(revised)).getStored().rows(), "a revision is written");
        assertEquals("2026-11-23T15:21:00Z", ingestedAt("etf_flows_daily"));
    }

    @Test
    void should_not_rewrite_an_unchanged_market_total_day() throws Exception {
        EtfTotalRepository repo = new EtfTotalRepository(ds, clock);
        EtfTotalRow total = new EtfTotalRow(DAY, "BTC", new BigDecimal("-12500000.5"), null, new BigDecimal("1.5E10"),
            "sosovalue");
        assertEquals(1, repo.upsert(List.of(total)).rows());
        clock.now = clock.now.plusSeconds(60);

        assertEquals(0, repo.upsert(List.of(total)).rows(), "nothing written");
        assertEquals("2026-11-23T15:20:00Z", ingestedAt("etf_flows_total_daily"));

        EtfTotalRow revised = new EtfTotalRow(DAY, "BTC", new BigDecimal("-12500000.5"), new BigDecimal("9E10"),
            new BigDecimal("1.5E10"), "sosovalue");
        assertEquals(1, repo.upsert(List.of(revised)).rows(), "a value that was missing is written");
        assertEquals("2026-11-23T15:21:00Z", ingestedAt("etf_flows_total_daily"));
    }
}
