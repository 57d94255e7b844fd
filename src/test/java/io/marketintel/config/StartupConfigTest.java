package io.marketintel.config;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.marketintel.App;
import io.marketintel.RouteTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing or invalid value stops start-up with one clear line naming the key, not a stack trace. */
class StartupConfigTest {

    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {
    }

    Outcome start(Properties p, String... args) {
        if (!p.containsKey("db.path")) {
            // --status reads a store, it never creates one
            RouteTestSupport.store(tmp.resolve("t.db"));
        }
        p.putIfAbsent("db.path", tmp.resolve("t.db").toString());
        p.putIfAbsent("deadletter.path", tmp.resolve("dl").toString());
        p.putIfAbsent("backup.csv.path", tmp.resolve("bk").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = App.run(args, p, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "feargreed.cron            | every day       | is not a Quartz cron expression",
        "retry.initial-delay-ms    | soon            | is not a whole number",
        "retry.max-redeliveries    | -1              | must be between 0 and 100",
        "feargreed.base-url        | api.example.com | is not an http(s) URL",
        "etf.farside.assets        | BTC,SOL         | 'SOL' is not BTC or ETH",
        "backup.csv.enabled        | yes             | must be true or false",
        "db.synchronous            | SOMETIMES       | must be OFF, NORMAL, FULL or EXTRA",
        "http.response-timeout-ms  | 0               | must be between 1 and 600000",
        "coingecko.plan            | enterprise      | coingecko.plan"})
    void should_stop_with_one_line_naming_the_key(String key, String value, String why) {
        Properties p = new Properties();
        p.put(key, value);

        Outcome o = start(p, "--status");

        assertEquals(App.EXIT_USAGE, o.code());
        String[] lines = o.err().strip().split("\n");
        assertEquals(1, lines.length, "exactly one line on stderr: " + o.err());
        assertTrue(lines[0].contains(key) && lines[0].contains(why), lines[0]);
        assertFalse(o.err().contains("\tat "), "no stack trace");
    }

    @Test
    void should_stop_when_the_data_directory_is_not_writable() throws Exception {
        Path readOnly = tmp.resolve("ro");
        Files.createDirectories(readOnly);
        // a regular file where a directory is needed fails even for root, unlike permission bits
        Path blocker = readOnly.resolve("data");
        Files.writeString(blocker, "not a directory");
        Properties p = new Properties();
        p.put("db.path", blocker.resolve("market_intel.db").toString());

        // a writing verb: --status creates nothing, so it does not need the folder
        Outcome o = start(p, "--once");

        assertEquals(App.EXIT_USAGE, o.code());
        assertTrue(o.err().contains("db.path") && o.err().contains("cannot be created"), o.err());
        assertEquals(1, o.err().strip().split("\n").length);
    }

    @Test
    void should_reject_an_unknown_argument_with_usage_exit_code() {
        Outcome o = start(new Properties(), "--bogus");

        assertEquals(App.EXIT_USAGE, o.code());
        assertTrue(o.err().contains("unknown argument '--bogus'"));
    }

    @Test
    void should_print_status_without_calling_any_api() {
        Properties p = new Properties();
        // an unreachable API: --status must not need it
        p.put("feargreed.base-url", "http://127.0.0.1:9");

        Outcome o = start(p, "--status");

        assertEquals(App.EXIT_OK, o.code(), o.err());
        assertTrue(o.out().contains("sentiment_daily"), o.out());
        assertTrue(o.out().contains("Dead letters pending: 0"), o.out());
        assertTrue(o.out().contains("(no runs yet)"), o.out());
    }

    @Test
    void should_list_verbs_and_main_properties_in_help() {
        Outcome o = start(new Properties(), "--help");

        assertEquals(App.EXIT_OK, o.code());
        for (String s : new String[] {"--once", "--status", "db.path", "feargreed.base-url", "coingecko.base-url",
            "farside.base-url", "sosovalue.base-url", "backup.csv.enabled", "backup.csv.path"}) {
            assertTrue(o.out().contains(s), "help mentions " + s);
        }
    }
}
