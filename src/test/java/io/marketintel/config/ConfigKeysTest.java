package io.marketintel.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typo check against the shipped file's keys: line numbers through comments and continuations, -D options. */
class ConfigKeysTest {

    @TempDir
    Path tmp;

    @Test
    void should_name_the_line_of_each_key_through_comments_and_continuation_lines() {
        List<ConfigKeys.Entry> e = ConfigKeys.entries(List.of("# c", "", "a.b = 1", "c.d = x,\\", "   y", "! c", "e.f:2"));
        assertEquals(List.of(new ConfigKeys.Entry("a.b", 3), new ConfigKeys.Entry("c.d", 4), new ConfigKeys.Entry("e.f", 7)),
            e);
    }

    @Test
    void should_flag_unknown_and_repeated_keys_of_the_project_only() throws Exception {
        Path file = Files.writeString(tmp.resolve("application.properties"),
            "feargreed.limit = 5\nfeargreed.limt = 5\ncamel.main.whatever = 1\nunrelated.key = 1\nfeargreed.limit = 6\n");
        Properties system = new Properties();
        system.put("coingecko.asets", "bitcoin:BTC");
        system.put("java.version", "17");

        List<ConfigKeys.Problem> p = ConfigKeys.check(file, KeyRegistry.declared(), system);

        assertEquals(3, p.size(), p.toString());
        assertTrue(p.get(0).toString().endsWith("line 2: unknown key feargreed.limt, nothing reads it → fix: did you"
            + " mean feargreed.limit?"), p.get(0).toString());
        assertTrue(p.get(1).toString().contains("feargreed.limit is given twice, lines 1 and 5"), p.get(1).toString());
        assertEquals("-Dcoingecko.asets: unknown key coingecko.asets, nothing reads it → fix: did you mean"
            + " coingecko.assets?", p.get(2).toString());
    }
}
