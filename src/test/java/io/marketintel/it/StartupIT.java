package io.marketintel.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up from a real installation folder: a missing routes folder stops it with one line naming the key. */
class StartupIT {

    @Test
    void should_refuse_to_start_without_its_routes_folder() throws Exception {
        try (Installation inst = new Installation()) {
            try (var files = Files.walk(inst.home.resolve("routes"))) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            Process p = inst.start("--once");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));

            assertEquals(2, p.exitValue());
            String err = inst.stderr().strip();
            assertEquals(1, err.split("\n").length, err);
            assertTrue(err.contains("camel.main.routes-include-pattern") && err.contains("routes folder"), err);
            assertFalse(err.contains("\tat "), err);
        }
    }
}
