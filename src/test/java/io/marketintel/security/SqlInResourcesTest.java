package io.marketintel.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No SQL is built from strings anywhere in the product: statements live in src/main/resources/sql and
 * db/migration, and values are bound parameters. This fails when a Java string literal starts a SQL statement.
 */
class SqlInResourcesTest {

    static final Pattern SQL_LITERAL = Pattern.compile("\"\\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|DROP|ALTER)\\s",
        Pattern.CASE_INSENSITIVE);

    @Test
    void should_keep_every_sql_statement_out_of_java_strings() throws Exception {
        List<String> offenders = new ArrayList<>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (SQL_LITERAL.matcher(lines.get(i)).find() && !lines.get(i).contains("\"PRAGMA ")) {
                        offenders.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
