package io.marketintel.testsource;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;
import io.marketintel.store.Stored;
import io.marketintel.store.Utc;

/** The test-only source's table; created here (a real source adds a Flyway migration). */
public final class TestQuoteRepository {

    public static final String TABLE = "test_quote_daily";

    private final DataSource ds;
    private final Clock clock;

    public TestQuoteRepository(DataSource ds, Clock clock) throws SQLException {
        this.ds = ds;
        this.clock = clock;
        Jdbc.update(ds, Sql.load("create_test_quote_daily"));
    }

    /** Set by a test: the next upsert fails as a store refusing the write would. */
    public static final java.util.concurrent.atomic.AtomicBoolean FAIL_NEXT = new java.util.concurrent.atomic.AtomicBoolean();

    public Stored upsert(List<TestQuoteRow> rows) throws SQLException {
        if (FAIL_NEXT.getAndSet(false)) {
            throw new SQLException("simulated: the store refused the write");
        }
        String now = Utc.now(clock);
        String sql = Sql.load("upsert_test_quote_daily");
        int n = Jdbc.inTransaction(ds, c -> Jdbc.batch(c, sql, rows, (ps, r) -> {
            ps.setString(1, r.day().toString());
            ps.setString(2, r.price().toPlainString());
            ps.setString(3, now);
        }));
        return new Stored(TABLE, n);
    }
}
