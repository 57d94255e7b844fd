package io.marketintel.acceptance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console shows what a user needs — the summary, warnings, one-line errors naming the fix — at the default level
 * and at DEBUG; Camel's property dumps and every stack trace go to the log file only.
 */
class ConsoleIT {

    @Test
    void should_keep_dumps_and_traces_out_of_the_console_of_a_normal_run() throws Exception {
        try (UserInstall u = new UserInstall()) {
            for (String level : List.of("INFO", "DEBUG")) {
                u.env("LOG_LEVEL", level);
                UserInstall.Result r = u.run(120, "--once");
                assertEquals(0, r.exit(), r.console());
                String console = r.console();
                assertTrue(console.contains("INGESTION SUMMARY"), console);
                assertFalse(console.contains("{{env:"), level + ": unresolved placeholders on the console:\n" + console);
                assertFalse(console.contains("BaseMainSupport"), level + ": Camel's property dumps on the console");
                assertFalse(console.contains("\tat "), level + ": a stack trace on the console:\n" + console);
                for (String camel : List.of("AbstractCamelContext", "QuartzEndpoint", "QuartzComponent",
                    "DefaultPropertiesParser", "DefaultCamelContextExtension")) {
                    assertFalse(console.contains("] " + camel + " - "), level + ": Camel's " + camel + " on the console");
                }
                if (level.equals("INFO")) {
                    assertTrue(console.lines().count() < 50, "INFO console: " + console.lines().count() + " lines\n"
                        + console);
                } else {
                    assertTrue(console.contains("ApiCalls - GET "), "DEBUG shows the API calls:\n" + console);
                }
            }
            // ...while the log file keeps them
            assertTrue(u.logs().contains("BaseMainSupport"), "the dumps are in the log file");
            assertTrue(u.logs().contains("DEBUG [main] DefaultPropertiesParser"), "the DEBUG detail is in the log file");
        }
    }

    @Test
    void should_print_one_line_for_expected_errors_and_go_on_checking() throws Exception {
        try (UserInstall u = new UserInstall()) {
            UserInstall.Result bogus = u.run(30, "--replay-dead-letters", "--source", "bogus");
            assertEquals(2, bogus.exit(), bogus.console());
            assertEquals(List.of("market-intel: --source bogus is not a source; valid: fear-greed, coingecko-ohlc,"
                + " etf-farside, etf-sosovalue, etf-inbox, snapshot-daily"), bogus.console().lines().toList());

            Path route = u.home.resolve("routes/fear-greed.camel.yaml");
            String good = Files.readString(route);
            Files.writeString(route, good + "- route:\n    id: broken\n  from: [\n");
            UserInstall.Result check = u.run(60, "--check");
            assertEquals(1, check.exit(), check.console());
            assertFalse(check.console().contains("\tat "), check.console());
            assertTrue(check.stdout().contains("❌ routes/fear-greed.camel.yaml: does not parse: routes/fear-greed.camel"
                + ".yaml line " + (good.lines().count() + 4) + ", column 1: expected the node content"), check.console());
            // the other checks still ran (fear-greed's own API line needs its declaration, which is in the broken file)
            assertTrue(check.stdout().contains("✅ routes/coingecko.camel.yaml") && check.stdout().contains("api coingecko-ohlc")
                && check.stdout().contains("1 of "), check.console());
            Files.writeString(route, good);

            Files.createDirectories(u.home.resolve("data"));
            Files.write(u.db(), "this is not a database, just bytes".repeat(200).getBytes());
            UserInstall.Result corrupt = u.run(60, "--once");
            assertNotEquals(0, corrupt.exit(), corrupt.console());
            List<String> lines = corrupt.console().lines().filter(l -> l.contains("SQLITE_NOTADB")).toList();
            assertEquals(1, lines.size(), corrupt.console());
            assertTrue(lines.get(0).contains(u.db().toRealPath().toString()) && lines.get(0).contains("move it aside"),
                lines.get(0));
            assertFalse(corrupt.console().contains("\tat "), corrupt.console());
        }
    }
}
