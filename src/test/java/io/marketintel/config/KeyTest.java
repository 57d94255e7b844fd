package io.marketintel.config;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each kind of declared rule: what it accepts, and the one line naming the key that a value it refuses gives. */
class KeyTest {

    static final Key<Boolean> BOOL = Key.bool("t.on", "true", "d");
    static final Key<Integer> INT = Key.integer("t.count", "3", 1, 90, "d");
    static final Key<BigDecimal> DECIMAL = Key.decimal("t.delay", "1.5", BigDecimal.ZERO, BigDecimal.valueOf(3600), "d");
    static final Key<BigDecimal> FACTOR = Key.decimal("t.factor", "2", BigDecimal.ONE, null, "d");
    static final Key<String> URL = Key.url("t.base-url", "https://example.org", "d");
    static final Key<String> CRON = Key.cron("t.cron", "0 10 0 * * ?", "d");
    static final Key<String> ONE_OF = Key.oneOf("t.mode", "auto", List.of("auto", "true", "false"), "d");
    static final Key<String> TEXT = Key.text("t.path", "data", "d");
    static final Key<List<String>> PARSED = Key.parsed("t.assets", "BTC", "BTC and/or ETH", " (e.g. BTC,ETH)", v -> {
        if (!v.matches("(BTC|ETH)(,(BTC|ETH))*")) {
            throw new IllegalArgumentException("'" + v + "' is not BTC or ETH");
        }
        return List.of(v.split(","));
    }, "d");
    static final Key<Integer> OPTIONAL_INT = Key.integer("t.port", "", 0, 65_535, "d").orEmpty();

    static String refusal(Key<?> key, String value) {
        return assertThrows(ConfigException.class, () -> key.parse(value)).getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "t.on       | yes                 | Configuration error: t.on = 'yes' must be true or false",
        "t.count    | soon                | Configuration error: t.count = 'soon' is not a whole number",
        "t.count    | 91                  | Configuration error: t.count = '91' must be between 1 and 90",
        "t.delay    | fast                | Configuration error: t.delay = 'fast' is not a number",
        "t.delay    | -1                  | Configuration error: t.delay = '-1' must be at least 0",
        "t.delay    | 3600.5              | Configuration error: t.delay = '3600.5' must be at most 3600",
        "t.factor   | 0.5                 | Configuration error: t.factor = '0.5' must be at least 1",
        "t.base-url | example.org         | Configuration error: t.base-url = 'example.org' is not an http(s) URL",
        "t.base-url | https://example.org/ | Configuration error: t.base-url = 'https://example.org/' must not end with '/' (paths are appended to it)",
        "t.mode     | sometimes           | Configuration error: t.mode = 'sometimes' must be auto, true or false",
        "t.assets   | BTC,SOL             | Configuration error: t.assets = 'BTC,SOL': 'BTC,SOL' is not BTC or ETH (e.g. BTC,ETH)",
        "t.port     | 70000               | Configuration error: t.port = '70000' must be between 0 and 65535"})
    void should_refuse_a_value_outside_the_declared_rule_naming_the_key(String name, String value, String message) {
        Key<?> key = List.of(BOOL, INT, DECIMAL, FACTOR, URL, CRON, ONE_OF, TEXT, PARSED, OPTIONAL_INT).stream()
            .filter(k -> k.name().equals(name)).findFirst().orElseThrow();

        assertEquals(message, refusal(key, value));
    }

    @Test
    void should_refuse_a_cron_expression_quartz_cannot_read_with_its_reason() {
        assertEquals("Configuration error: t.cron = 'every day' is not a Quartz cron expression (sec min hour"
            + " day-of-month month day-of-week, e.g. '0 5 0 * * ?') (Illegal characters for this position: 'EVE')",
            refusal(CRON, "every day"));
    }

    @Test
    void should_refuse_an_empty_value_unless_the_key_may_be_empty() {
        assertEquals("Configuration error: t.path is missing (set it in application.properties)", refusal(TEXT, "  "));
        assertNull(OPTIONAL_INT.parse(""));
        assertEquals(8080, OPTIONAL_INT.parse(" 8080 "));
    }

    @Test
    void should_read_accepted_values_as_their_type() {
        assertEquals(false, BOOL.parse("FALSE"));
        assertEquals(90, INT.parse("90"));
        assertEquals(new BigDecimal("0"), DECIMAL.parse("0"));
        assertEquals("auto", ONE_OF.parse("AUTO"), "a word in any case, returned as declared");
        assertEquals(List.of("BTC", "ETH"), PARSED.parse("BTC,ETH"));
        assertEquals("0 10 0 * * ?", CRON.parse("0 10 0 * * ?"));
    }

    @Test
    void should_name_what_the_key_takes_and_its_shipped_value_in_the_fix() {
        ConfigException e = assertThrows(ConfigException.class, () -> CRON.parse("every day"));

        assertEquals("t.cron", e.key());
        assertEquals("correct t.cron (a Quartz cron expression, UTC; shipped: 0 10 0 * * ?)", e.fix());
        assertEquals("correct t.count (a whole number from 1 to 90; shipped: 3)", INT.fix());
    }

    @Test
    void should_name_a_derived_key_set_by_hand_and_the_keys_that_decide_it() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("derived", ".properties");
        java.nio.file.Files.writeString(file, "coingecko.api-root = http://x\n");

        List<ConfigKeys.Problem> p = ConfigKeys.check(file, KeyRegistry.declared(), new java.util.Properties());

        assertEquals(List.of(file + " line 1: coingecko.api-root is derived at start-up from other keys and cannot be set"
            + " → fix: remove it (coingecko.plan, coingecko.base-url and coingecko.pro-base-url decide it)"),
            p.stream().map(ConfigKeys.Problem::toString).toList());
        java.nio.file.Files.delete(file);
    }
}
