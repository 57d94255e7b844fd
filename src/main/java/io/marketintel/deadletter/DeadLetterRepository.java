package io.marketintel.deadletter;

import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.Set;
import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;
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
                bindFailure(ps, 2, d);
                return ps.executeUpdate();
            }
        });
    }

    /** The failure's columns, in the order both statements list them, from parameter {@code first} on. */
    private static void bindFailure(PreparedStatement ps, int first, DeadLetter d) throws SQLException {
        int i = first;
        ps.setString(i++, d.runId());
        ps.setString(i++, d.source());
        ps.setString(i++, d.routeId());
        ps.setString(i++, d.endpoint());
        ps.setString(i++, d.error());
        if (d.httpStatus() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setInt(i++, d.httpStatus());
        }
        ps.setString(i++, d.payload());
        ps.setString(i++, d.failedAt());
        ps.setString(i, d.replay());
    }

    public Set<String> ids() throws SQLException {
        Set<String> out = new HashSet<>();
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
                bindFailure(ps, 1, d);
                ps.setString(10, id);
                return ps.executeUpdate();
            }
        });
    }

    public void markReplayed(String id, String at) throws SQLException {
        Jdbc.update(ds, Sql.load("dead_letter_mark_replayed"), at, id);
    }
}
