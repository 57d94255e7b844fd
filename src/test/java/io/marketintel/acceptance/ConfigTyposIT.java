package io.marketintel.acceptance;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A typo in application.properties does not pass silently: an unknown key under one of the project's prefixes is a
 * ❌ in {@code --check} and a WARN at start naming the nearest known key; a key given twice names both lines; a
 * missing application.properties is said (the jar's defaults are in use).
 */
class ConfigTyposIT {

    static final String TYPOS = "\nfeargreed.limt = 5\ncoingecko.asets = bitcoin:BTC\nretry.max-redelivery = 0\n"
        + "feargreed.limit = 7\n";

    @Test
    void should_name_unknown_and_repeated_keys_and_a_missing_file() throws Exception {
        try (UserInstall u = new UserInstall()) {
            int dupLine = (int) Files.readAllLines(u.home.resolve("application.properties")).stream()
                .takeWhile(l -> !l.startsWith("feargreed.limit ")).count() + 1;
            int end = Files.readAllLines(u.home.resolve("application.properties")).size();
            Files.writeString(u.home.resolve("application.properties"), TYPOS, StandardOpenOption.APPEND);

            UserInstall.Result check = u.run(60, "--check");
            assertEquals(1, check.exit(), check.console());
            String out = check.stdout();
            assertTrue(out.contains("❌ configuration: application.properties line " + (end + 2) + ": unknown key"
                + " feargreed.limt, nothing reads it → fix: did you mean feargreed.limit?"), out);
            assertTrue(out.contains("unknown key coingecko.asets, nothing reads it → fix: did you mean coingecko.assets?"),
                out);
            assertTrue(out.contains("unknown key retry.max-redelivery, nothing reads it → fix: did you mean"
                + " retry.max-redeliveries?"), out);
            assertTrue(out.contains("feargreed.limit is given twice, lines " + dupLine + " and " + (end + 5)), out);
            assertFalse(out.contains("every key valid"), out);

            // any start: --status is the cheapest (its store is missing here, which it says too)
            UserInstall.Result start = u.run(60, "--status");
            assertTrue(start.stdout().lines().anyMatch(l -> l.contains(" WARN ") && l.contains("feargreed.limt")
                && l.contains("did you mean feargreed.limit?")), start.console());
            assertTrue(start.stdout().contains("feargreed.limit is given twice"), start.console());

            Files.delete(u.home.resolve("application.properties"));
            UserInstall.Result defaults = u.run(60, "--status");
            assertTrue(defaults.stdout().lines().anyMatch(l -> l.contains(" WARN ")
                && l.contains("application.properties: is missing, so the jar's defaults are in use")), defaults.console());
        }
    }
}
