package io.marketintel.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcTest {

    @Test
    void should_throw_the_cause_that_stopped_a_transaction_not_the_failed_rollback(@TempDir Path dir) throws Exception {
        try (HikariDataSource ds = Database.open(new Database.Options(Database.sqliteUrl(dir.resolve("t.db").toString()),
            null, null, 5000, "NORMAL", false))) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x TEXT)");
                // the pool's one connection: the database cannot grow, as on a full disk (SQLITE_FULL)
                s.execute("PRAGMA max_page_count = 3");
            }
            String row = String.join("", Collections.nCopies(500, "x"));

            SQLException e = assertThrows(SQLException.class, () -> Jdbc.inTransaction(ds,
                c -> Jdbc.batch(c, "INSERT INTO t (x) VALUES (?)", Collections.nCopies(200, row), (ps, r) -> ps.setString(1, r))));

            assertTrue(e.getMessage().contains("SQLITE_FULL"), e.getMessage());
            assertTrue(e.getSuppressed().length > 0, "the failed rollback is kept, suppressed");
            assertEquals(0, Jdbc.count(ds, "SELECT COUNT(*) FROM t"), "nothing committed; the connection still works");
        }
    }
}
