package io.marketintel.config;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keys are declared once (each package's {@link KeyCatalog}); the shipped application.properties and the README
 * must agree with the declarations: the same keys, each with its declared default and its description as the
 * comment above it, and no key named in the README that nothing declares.
 */
class KeysDeclaredTest {

    static final Path FILE = Path.of("application.properties");
    static final KeyRegistry KEYS = KeyRegistry.declared();

    /** Keys of application.properties outside Camel's namespace, each with its value and the comment above it. */
    record Shipped(String key, String value, String comment, int line) {
    }

    static List<Shipped> shipped() throws Exception {
        List<String> lines = Files.readAllLines(FILE, StandardCharsets.ISO_8859_1);
        Properties values = new Properties();
        values.load(new StringReader(String.join("\n", lines)));
        List<Shipped> out = new ArrayList<>();
        for (ConfigKeys.Entry e : ConfigKeys.entries(lines)) {
            if (e.key().startsWith("camel.")) {
                continue;
            }
            // the comment lines directly above the key, up to a blank line or a section header
            List<String> comment = new ArrayList<>();
            for (int i = e.line() - 2; i >= 0; i--) {
                String l = lines.get(i).strip();
                if (!l.startsWith("#") || l.startsWith("# ----")) {
                    break;
                }
                comment.add(0, l.substring(1).strip());
            }
            out.add(new Shipped(e.key(), values.getProperty(e.key()), String.join(" ", comment), e.line()));
        }
        return out;
    }

    @Test
    void should_ship_exactly_the_declared_keys() throws Exception {
        Set<String> inFile = new TreeSet<>(shipped().stream().map(Shipped::key).toList());
        Set<String> undeclared = new TreeSet<>(inFile);
        undeclared.removeAll(KEYS.settable());
        Set<String> missing = new TreeSet<>(KEYS.settable());
        missing.removeAll(inFile);
        Set<String> derived = new TreeSet<>(inFile);
        derived.retainAll(KEYS.all().stream().filter(k -> k.use() == Key.Use.DERIVED).map(Key::name).toList());

        assertEquals(Set.of(), undeclared, "keys in application.properties that no KeyCatalog declares:"
            + " declare each in the KeyCatalog of the package that reads it");
        assertEquals(Set.of(), missing, "declared keys missing from application.properties: ship each with its"
            + " comment and default");
        assertEquals(Set.of(), derived, "derived keys cannot be set, so application.properties must not set them");
    }

    @Test
    void should_ship_each_key_with_its_declared_default_and_description() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Shipped s : shipped()) {
            Key<?> k = KEYS.find(s.key()).orElse(null);
            if (k == null) {
                continue;
            }
            if (!k.defaultValue().equals(s.value())) {
                wrong.add("line " + s.line() + ": " + s.key() + " = '" + s.value() + "', declared '" + k.defaultValue() + "'");
            }
            if (!k.description().equals(s.comment())) {
                wrong.add("line " + s.line() + ": the comment above " + s.key() + " is\n    '" + s.comment()
                    + "'\n  its declaration says\n    '" + k.description() + "'");
            }
        }
        assertEquals(List.of(), wrong, String.join("\n", wrong));
    }

    @Test
    void should_accept_every_shipped_default_that_is_checked_at_start() {
        for (Key<?> k : KEYS.all()) {
            if (k.use() == Key.Use.AT_START && !k.defaultValue().contains("{{")) {
                k.parse(k.defaultValue());
            }
        }
    }

    /** Named in the README as what is not read: a typo's example and a key that must stay in the environment. */
    static final Set<String> README_EXAMPLES_OF_UNKNOWN_KEYS = Set.of("feargreed.limt", "coingecko.api-key");

    @Test
    void should_name_only_declared_keys_in_the_readme_and_every_environment_seed() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> prefixes = KEYS.prefixes();
        Set<String> unknown = new TreeSet<>();
        Matcher m = Pattern.compile("(?:(?<=-D)|(?<![\\w.-]))([a-z][a-z0-9-]*\\.[a-z0-9.-]*[a-z0-9])").matcher(readme);
        while (m.find()) {
            String name = m.group(1);
            if (prefixes.stream().anyMatch(name::startsWith) && KEYS.find(name).isEmpty()
                && !README_EXAMPLES_OF_UNKNOWN_KEYS.contains(name) && !name.endsWith(".camel.yaml")) {
                unknown.add(name);
            }
        }
        assertEquals(Set.of(), unknown, "the README names keys nothing declares");

        Matcher env = Pattern.compile("\\{\\{env:([A-Z0-9_]+):").matcher(Files.readString(FILE));
        while (env.find()) {
            assertTrue(readme.contains("`" + env.group(1) + "`"), "the README names the environment variable "
                + env.group(1));
        }
    }

    @Test
    void should_refuse_a_key_declared_twice() {
        KeyCatalog a = new KeyCatalog() {
            @Override
            public List<Key<?>> keys() {
                return List.of(Key.bool("x.on", "true", "a"));
            }
        };
        KeyCatalog b = new KeyCatalog() {
            @Override
            public List<Key<?>> keys() {
                return List.of(Key.bool("x.on", "false", "b"));
            }
        };

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyRegistry.of(List.of(a, b)));

        assertTrue(e.getMessage().startsWith("x.on is declared twice"), e.getMessage());
    }
}
