package io.marketintel.source.etf;

import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;
import io.marketintel.store.Stored;
import io.marketintel.store.Utc;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns {@code etf_flows_daily}: one row per fund and day, whichever source reported it. In one transaction a
 * payload's rows are compared with what is stored for the same days: when another source already gave the fund and
 * day, {@code etf.precedence} decides which figure stays, and a difference above rounding is logged and returned.
 * The upsert repeats the precedence in its {@code WHERE}, so a concurrent writer cannot override it either.
 */
public final class EtfFlowRepository {

    public static final String TABLE = "etf_flows_daily";
    /** Half of Farside's last digit (0.1 M$): two sources differing by less than this agree. */
    public static final BigDecimal AGREEMENT_USD = new BigDecimal("50000");

    private static final Logger LOG = LoggerFactory.getLogger(EtfFlowRepository.class);

    /** What an upsert did: the rows written and the cross-source disagreements found. */
    public static final class Upsert {
        private final Stored stored;
        private final List<String> disagreements;

        public Upsert(Stored stored, List<String> disagreements) {
            this.stored = stored;
            this.disagreements = disagreements;
        }

        // getters only (no record accessors): Camel's simple language finds exactly one method per name
        public Stored getStored() {
            return stored;
        }

        public List<String> getDisagreements() {
            return disagreements;
        }
    }

    private record Existing(BigDecimal usd, String source) {
    }

    private final DataSource ds;
    private final Clock clock;
    private final EtfPrecedence precedence;

    public EtfFlowRepository(DataSource ds, Clock clock, EtfPrecedence precedence) {
        this.ds = ds;
        this.clock = clock;
        this.precedence = precedence;
    }

    public Upsert upsert(List<EtfFlowRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new Upsert(new Stored(TABLE, 0), List.of());
        }
        String now = Utc.now(clock);
        LocalDate from = rows.stream().map(EtfFlowRow::asOfDate).min(LocalDate::compareTo).orElseThrow();
        LocalDate to = rows.stream().map(EtfFlowRow::asOfDate).max(LocalDate::compareTo).orElseThrow();
        List<String> order = precedence.order();
        return Jdbc.inTransaction(ds, c -> {
            Map<String, Existing> stored = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(Sql.load("select_etf_flows_daily_range"))) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1) + "|" + rs.getString(2), new Existing(rs.getBigDecimal(3), rs.getString(4)));
                    }
                }
            }
            List<EtfFlowRow> write = new ArrayList<>();
            List<String> disagreements = new ArrayList<>();
            for (EtfFlowRow r : rows) {
                Existing e = stored.get(r.asOfDate() + "|" + r.ticker());
                boolean replaces = e == null || precedence.replaces(r.source(), e.source());
                if (e != null && !e.source().equals(r.source()) && e.usd() != null
                    && e.usd().subtract(r.netFlowUsd()).abs().compareTo(AGREEMENT_USD) > 0) {
                    String d = String.format("%s %s: %s says %s USD, %s says %s USD; keeping %s (etf.precedence=%s)",
                        r.ticker(), r.asOfDate(), e.source(), e.usd().toPlainString(), r.source(),
                        r.netFlowUsd().toPlainString(), replaces ? r.source() : e.source(), precedence);
                    LOG.warn("ETF sources disagree: {}", d);
                    disagreements.add(d);
                }
                if (replaces) {
                    write.add(r);
                }
            }
            int written = Jdbc.batch(c, Sql.load("upsert_etf_flows_daily"), write, (ps, r) -> {
                ps.setString(1, r.asOfDate().toString());
                ps.setString(2, r.ticker());
                ps.setString(3, r.asset());
                ps.setBigDecimal(4, r.netFlowUsd());
                ps.setString(5, r.source());
                ps.setString(6, now);
                for (int i = 0; i < 3; i++) {
                    ps.setString(7 + i, order.get(i));
                    ps.setString(10 + i, order.get(i));
                }
            });
            return new Upsert(new Stored(TABLE, written), disagreements);
        });
    }

    /** The asset a ticker already has in the store (for inbox files without an asset column). */
    public Optional<String> assetOf(String ticker) {
        try {
            List<Map<String, Object>> r = Jdbc.query(ds, Sql.load("etf_asset_of_ticker"), ticker);
            return r.isEmpty() ? Optional.empty() : Optional.ofNullable((String) r.get(0).get("asset"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the asset of " + ticker + ": " + e.getMessage(), e);
        }
    }
}
