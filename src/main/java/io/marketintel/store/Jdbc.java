package io.marketintel.store;

import java.sql.Statement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Small JDBC helpers shared by the repositories: one statement, one transaction, bound parameters. */
public final class Jdbc {

    /** Rows per executeBatch: bounded memory in the driver, few round trips. */
    public static final int BATCH = 1000;

    private Jdbc() {
    }

    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    @FunctionalInterface
    public interface Work<R> {
        R run(Connection c) throws SQLException;
    }

    /**
     * Runs work in one transaction: committed wholly or rolled back wholly. The failure that stopped the work is the
     * one thrown: SQLite rolls a transaction back by itself on SQLITE_FULL or an I/O error, so the rollback and the
     * return to auto-commit then fail too ("cannot rollback/commit - no transaction is active"); those are attached
     * as suppressed, never in place of the cause.
     */
    public static <R> R inTransaction(DataSource ds, Work<R> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            R r;
            try {
                r = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException reset) {
                    e.addSuppressed(reset);
                }
                throw e;
            }
            c.setAutoCommit(auto);
            return r;
        }
    }

    /**
     * Upserts rows with one prepared statement inside the caller's transaction; returns the rows written (inserted
     * or changed): an upsert whose {@code WHERE} keeps an identical row counts 0, so a re-run that changes nothing
     * reports 0 rows written.
     */
    public static <T> int batch(Connection c, String sql, Iterable<T> rows, Binder<T> binder) throws SQLException {
        int n = 0;
        int pending = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T row : rows) {
                binder.bind(ps, row);
                ps.addBatch();
                if (++pending == BATCH) {
                    n += written(ps.executeBatch());
                    pending = 0;
                }
            }
            if (pending > 0) {
                n += written(ps.executeBatch());
            }
        }
        return n;
    }

    /** Rows an executeBatch changed; a driver that cannot tell (SUCCESS_NO_INFO) counts the statement as one row. */
    private static int written(int[] counts) {
        int n = 0;
        for (int k : counts) {
            n += k == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, k);
        }
        return n;
    }

    public static int update(DataSource ds, String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    public static List<Map<String, Object>> query(DataSource ds, String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    public static long count(DataSource ds, String sql, Object... params) throws SQLException {
        List<Map<String, Object>> rows = query(ds, sql, params);
        if (rows.isEmpty()) {
            return 0;
        }
        Object v = rows.get(0).values().iterator().next();
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }
}
