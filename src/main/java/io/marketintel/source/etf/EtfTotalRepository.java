package io.marketintel.source.etf;

import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;
import io.marketintel.store.Stored;
import io.marketintel.store.Utc;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;


/** Owns {@code etf_flows_total_daily}: the whole market of an asset per day; one batched upsert per payload. */
public final class EtfTotalRepository {

    public static final String TABLE = "etf_flows_total_daily";

    private final DataSource ds;
    private final Clock clock;

    public EtfTotalRepository(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    public Stored upsert(List<EtfTotalRow> rows) throws SQLException {
        String now = Utc.now(clock);
        String sql = Sql.load("upsert_etf_flows_total_daily");
        int n = Jdbc.inTransaction(ds, c -> Jdbc.batch(c, sql, rows, (ps, r) -> {
            ps.setString(1, r.asOfDate().toString());
            ps.setString(2, r.asset());
            ps.setBigDecimal(3, r.totalNetInflowUsd());
            ps.setBigDecimal(4, r.totalNetAssetsUsd());
            ps.setBigDecimal(5, r.cumNetInflowUsd());
            ps.setString(6, r.source());
            ps.setString(7, now);
        }));
        return new Stored(TABLE, n);
    }
}
