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
                setStatus(ps, 7, d.httpStatus());
                ps.setString(8, d.payload());
                ps.setString(9, d.failedAt());
                ps.setString(10, d.replay());
                return ps.executeUpdate();
            }
        });
    }

    private static void setStatus(java.sql.PreparedStatement ps, int index, Integer status) throws SQLException {
        if (status == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, status);
        }
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

    /** A replay of dead letter {@code id} failed again: it stays pending and takes the new failure {@code d}. */
    public void failedAgain(String id, DeadLetter d) throws SQLException {
        Jdbc.inTransaction(ds, c -> {
            try (var ps = c.prepareStatement(Sql.load("dead_letter_failed_again"))) {
                ps.setString(1, d.runId());
                ps.setString(2, d.routeId());
                ps.setString(3, d.endpoint());
                ps.setString(4, d.error());
                setStatus(ps, 5, d.httpStatus());
                ps.setString(6, d.payload());
                ps.setString(7, d.failedAt());
                ps.setString(8, d.replay());
                ps.setString(9, id);
                return ps.executeUpdate();
            }
        });
    }

    public void markReplayed(String id, String at) throws SQLException {
        Jdbc.update(ds, Sql.load("dead_letter_mark_replayed"), at, id);
    }
}
