package io.marketintel.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DatabaseTest {

    @TempDir
    Path dir;

    HikariDataSource open() {
        return Database.open(new Database.Options(Database.sqliteUrl(dir.resolve("t.db").toString()), null, null, 5000,
            "NORMAL", false));
    }

    @Test
    void should_name_the_newest_migration_shipped_as_the_latest() throws Exception {
        int newest = 0;
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path f : files.toList()) {
                Matcher m = Pattern.compile("V(\\d+)__.*\\.sql").matcher(f.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        assertEquals(String.valueOf(newest), Database.LATEST_MIGRATION,
            "a new migration must raise Database.LATEST_MIGRATION, or stores at the previous version skip it");
    }

    @Test
    void should_migrate_a_fresh_store_and_open_an_up_to_date_one_without_changing_its_history() throws Exception {
        try (HikariDataSource ds = open()) {
            assertNull(Database.recordedVersion(ds), "no history table yet");
            assertEquals(Database.LATEST_MIGRATION, Database.migrate(ds));
            assertEquals(Database.LATEST_MIGRATION, Database.recordedVersion(ds));
            long history = Jdbc.count(ds, "SELECT COUNT(*) FROM flyway_schema_history");

            assertEquals(Database.LATEST_MIGRATION, Database.migrate(ds));

            assertEquals(history, Jdbc.count(ds, "SELECT COUNT(*) FROM flyway_schema_history"));
        }
    }

    @Test
    void should_leave_a_store_whose_last_migration_failed_to_flyway() throws Exception {
        try (HikariDataSource ds = open()) {
            Database.migrate(ds);
            Jdbc.update(ds, "UPDATE flyway_schema_history SET success = 0 WHERE version = ?", Database.LATEST_MIGRATION);

            assertNull(Database.recordedVersion(ds));
            // Flyway, not the shortcut, decides: it refuses a store with a failed migration
            assertThrows(RuntimeException.class, () -> Database.migrate(ds));
        }
    }
}
