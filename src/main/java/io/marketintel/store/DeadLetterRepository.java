package io.marketintel.store;

import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Owns {@code dead_letter}. */
public final class DeadLetterRepository {

    private final DataSource ds;

    public DeadLetterRepository(DataSource ds) {
        this.ds = ds;
    }

    public void insert(DeadLetter d) throws SQLException {
        Jdbc.inTransaction(ds, c -> {
            try (var ps = c.prepareStatement(Sql.load("insert_dead_letter"))) {
                ps.setString(1, d.id());
                ps.setString(2, d.runId());
                ps.setString(3, d.source());
                ps.setString(4, d.routeId());
                ps.setString(5, d.endpoint());
                ps.setString(6, d.error());
                if (d.httpStatus() == null) {
                    ps.setNull(7, Types.INTEGER);
                } else {
                    ps.setInt(7, d.httpStatus());
                }
                ps.setString(8, d.payload());
                ps.setString(9, d.failedAt());
                return ps.executeUpdate();
            }
        });
    }

    public java.util.Set<String> ids() throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Map<String, Object> r : Jdbc.query(ds, Sql.load("dead_letter_ids"))) {
            out.add((String) r.get("id"));
        }
        return out;
    }

    public long countPending() throws SQLException {
        return Jdbc.count(ds, Sql.load("dead_letter_count_pending"));
    }

    public long countPending(String source) throws SQLException {
        return Jdbc.count(ds, Sql.load("dead_letter_count_pending_source"), source);
    }

    /** Pending dead letters grouped by source and error, for --status. */
    public List<Map<String, Object>> pendingSummary() throws SQLException {
        return Jdbc.query(ds, Sql.load("dead_letter_summary"));
    }

    public List<Map<String, Object>> pending(String sourceOrNull) throws SQLException {
        return Jdbc.query(ds, Sql.load("dead_letter_pending"), sourceOrNull, sourceOrNull);
    }

    public void failedAgain(String id, String error, String at) throws SQLException {
        Jdbc.update(ds, Sql.load("dead_letter_failed_again"), error, at, id);
    }

    public void markReplayed(String id, String at) throws SQLException {
        Jdbc.update(ds, Sql.load("dead_letter_mark_replayed"), at, id);
    }
}
