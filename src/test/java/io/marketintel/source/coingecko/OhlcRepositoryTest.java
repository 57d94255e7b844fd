package io.marketintel.source.coingecko;

import io.marketintel.StepClock;
import io.marketintel.store.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The precedence of ohlc &gt; provisional &gt; sampled, enforced by the upsert SQL itself, in every order. */
class OhlcRepositoryTest {

    static final long HOUR = Instant.parse("2026-11-23T14:00:00Z").toEpochMilli();

    /** A clock the test moves forward, so a rewrite shows in ingested_at. */

    HikariDataSource ds;
    StepClock clock = new StepClock();
    OhlcRepository repo;

    @BeforeEach
    void open() throws Exception {
        Path dir = Files.createTempDirectory("ohlc-repo");
        ds = io.marketintel.RouteTestSupport.openStore(dir.resolve("t.db"));
        repo = new OhlcRepository(ds, clock);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    static OhlcRow row(String quality, double price, Double volume) {
        return new OhlcRow("BTC", HOUR, price, price + 1, price - 1, price, volume, quality, "US");
    }

    Map<String, Object> stored() throws Exception {
        List<Map<String, Object>> rows = Jdbc.query(ds,
            "SELECT quality, open, volume_24h_usd, ingested_at, ts_utc, session, source FROM ohlc_hourly");
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    void write(OhlcRow r) throws Exception {
        repo.upsert(List.of(r));
        clock.now = clock.now.plusSeconds(60);
    }

    @Test
    void should_replace_a_sampled_row_with_an_ohlc_candle_keeping_the_rolling_volume() throws Exception {
        write(row(OhlcRow.SAMPLED, 100, 5e9));
        write(row(OhlcRow.OHLC, 200, null));

        Map<String, Object> r = stored();
        assertEquals("ohlc", r.get("quality"));
        assertEquals(200.0, r.get("open"));
        assertEquals(5e9, r.get("volume_24h_usd"));
        assertEquals("2026-11-23T14:00:00Z", r.get("ts_utc"));
        assertEquals("coingecko", r.get("source"));
        assertEquals("2026-11-23T15:21:00Z", r.get("ingested_at"));
    }

    @Test
    void should_never_overwrite_an_ohlc_candle_with_a_sampled_or_provisional_row() throws Exception {
        write(row(OhlcRow.OHLC, 200, null));
        write(row(OhlcRow.SAMPLED, 100, 5e9));
        write(row(OhlcRow.PROVISIONAL, 150, null));

        Map<String, Object> r = stored();
        assertEquals("ohlc", r.get("quality"));
        assertEquals(200.0, r.get("open"));
        assertEquals("2026-11-23T15:20:00Z", r.get("ingested_at"), "not touched at all");
    }

    @Test
    void should_let_provisional_replace_sampled_but_not_the_reverse() throws Exception {
        write(row(OhlcRow.SAMPLED, 100, 5e9));
        write(row(OhlcRow.PROVISIONAL, 150, null));
        write(row(OhlcRow.SAMPLED, 120, 6e9));

        Map<String, Object> r = stored();
        assertEquals("provisional", r.get("quality"));
        assertEquals(150.0, r.get("open"));

        write(row(OhlcRow.PROVISIONAL, 160, null));
        write(row(OhlcRow.OHLC, 170, null));
        r = stored();
        assertEquals("ohlc", r.get("quality"));
        assertEquals(170.0, r.get("open"));
        assertEquals(5e9, r.get("volume_24h_usd"));
    }

    @Test
    void should_not_rewrite_an_identical_row() throws Exception {
        write(row(OhlcRow.OHLC, 200, null));
        write(row(OhlcRow.OHLC, 200, null));
        assertEquals("2026-11-23T15:20:00Z", stored().get("ingested_at"));

        write(row(OhlcRow.OHLC, 201, null));
        assertEquals("2026-11-23T15:22:00Z", stored().get("ingested_at"), "a changed value is written");
        assertEquals(1, repo.countHours("BTC", Instant.ofEpochMilli(HOUR), Instant.ofEpochMilli(HOUR + 3_600_000)));
        assertEquals(0, repo.countHours("BTC", Instant.ofEpochMilli(HOUR + 3_600_000), Instant.ofEpochMilli(HOUR + 7_200_000)));
    }
}
