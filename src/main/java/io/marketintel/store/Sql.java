package io.marketintel.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** SQL lives in {@code src/main/resources/sql/*.sql}; this loads it once. Bound parameters only. */
public final class Sql {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Sql() {
    }

    public static String load(String name) {
        return CACHE.computeIfAbsent(name, Sql::read);
    }

    private static String read(String name) {
        String path = "sql/" + name + ".sql";
        try (InputStream in = Sql.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // strip comment lines so drivers that reject them (and statement splitting) never see them
            StringBuilder sb = new StringBuilder();
            for (String line : text.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    sb.append(line).append('\n');
                }
            }
            String sql = sb.toString().strip();
            return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
