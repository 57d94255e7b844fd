package io.marketintel.source.feargreed;

import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;
import io.marketintel.store.Stored;
import io.marketintel.store.Utc;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;


/** Owns {@code sentiment_daily}: one batched upsert per payload, in one transaction. */
public final class SentimentRepository {

    public static final String TABLE = "sentiment_daily";

    private final DataSource ds;
    private final Clock clock;

    public SentimentRepository(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
    }

    public Stored upsert(List<SentimentRow> rows) throws SQLException {
        String now = Utc.now(clock);
        String sql = Sql.load("upsert_sentiment_daily");
        int n = Jdbc.inTransaction(ds, c -> Jdbc.batch(c, sql, rows, (ps, r) -> {
            ps.setString(1, r.asOfDate().toString());
            ps.setInt(2, r.value());
            ps.setString(3, r.classification());
            ps.setString(4, "alternative.me");
            ps.setString(5, now);
        }));
        return new Stored(TABLE, n);
    }
}
