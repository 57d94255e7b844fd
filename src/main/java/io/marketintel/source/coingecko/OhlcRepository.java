package io.marketintel.source.coingecko;

import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;
import io.marketintel.store.Stored;
import io.marketintel.store.Utc;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;


/**
 * Owns {@code ohlc_hourly}: one batched upsert per payload, in one transaction. The precedence between
 * {@code ohlc}, {@code provisional} and {@code sampled} rows is in the SQL ({@code upsert_ohlc_hourly.sql}), so it
 * holds whichever order the rows arrive in and whoever writes them.
 */
public final class OhlcRepository {

    public static final String TABLE = "ohlc_hourly";
    static final String SOURCE = "coingecko";

    private final DataSource ds;
    private final Clock clock;

    public OhlcRepository(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    public Stored upsert(List<OhlcRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new Stored(TABLE, 0);
        }
        String now = Utc.now(clock);
        String sql = Sql.load("upsert_ohlc_hourly");
        int n = Jdbc.inTransaction(ds, c -> Jdbc.batch(c, sql, rows, (ps, r) -> {
            ps.setString(1, r.asset());
            ps.setString(2, Utc.iso(Instant.ofEpochMilli(r.openMs())));
            ps.setDouble(3, r.open());
            ps.setDouble(4, r.high());
            ps.setDouble(5, r.low());
            ps.setDouble(6, r.close());
            ps.setString(7, r.session());
            ps.setString(8, now);
            ps.setString(9, r.quality());
            if (r.volume24hUsd() == null) {
                ps.setNull(10, Types.DOUBLE);
            } else {
                ps.setDouble(10, r.volume24hUsd());
            }
            ps.setString(11, SOURCE);
        }));
        return new Stored(TABLE, n);
    }

    /** Hours of an asset stored in [from, to). */
    public long countHours(String asset, Instant from, Instant to) throws SQLException {
        return Jdbc.count(ds, Sql.load("count_ohlc_hourly_range"), asset, Utc.iso(from), Utc.iso(to));
    }
}
