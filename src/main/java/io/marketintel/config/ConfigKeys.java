package io.marketintel.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typos a properties file would otherwise swallow: a key under one of the project's prefixes that nothing declares
 * ({@code feargreed.limt}), a key given twice (the last silently wins), and a missing {@code application.properties}
 * (the jar's defaults are in use). The known keys are the declared ones ({@link KeyRegistry}), which the shipped file
 * lists exactly (KeysDeclaredTest). Camel's own {@code camel.*} keys are Camel's to check.
 */
public final class ConfigKeys {

    /** The installation's file, relative to the working directory (as in {@code App.LOCATIONS}). */
    public static final Path FILE = Path.of("application.properties");

    /** One thing to fix; {@code where} is a file line or a {@code -D} option; a notice does not fail {@code --check}. */
    public record Problem(String where, String what, String fix, boolean notice) {
        Problem(String where, String what, String fix) {
            this(where, what, fix, false);
        }

        @Override
        public String toString() {
            return where + ": " + what + " → fix: " + fix;
        }
    }

    /** A key as written on one (logical) line of a file. */
    record Entry(String key, int line) {
    }

    private ConfigKeys() {
    }

    /** The problems of this installation: its file in the working directory and the {@code -D} options. */
    public static List<Problem> check(KeyRegistry keys) {
        return check(FILE, keys, System.getProperties());
    }

    static List<Problem> check(Path file, KeyRegistry keys, Properties system) {
        List<Problem> out = new ArrayList<>();
        if (!Files.exists(file)) {
            out.add(new Problem(file.toAbsolutePath().toString(), "is missing, so the jar's defaults are in use",
                "start from the installation folder, or copy the shipped application.properties there", true));
            return out;
        }
        List<Entry> entries = entries(read(file));
        Map<String, Integer> first = new LinkedHashMap<>();
        for (Entry e : entries) {
            String where = file + " line " + e.line();
            Integer before = first.putIfAbsent(e.key(), e.line());
            if (before != null) {
                out.add(new Problem(where, e.key() + " is given twice, lines " + before + " and " + e.line()
                    + " (the last one wins)", "keep one of the two lines"));
            }
            unknown(e.key(), keys).ifPresent(p -> out.add(new Problem(where, p, fixFor(e.key(), keys))));
        }
        for (String k : new TreeSet<>(system.stringPropertyNames())) {
            unknown(k, keys).ifPresent(p -> out.add(new Problem("-D" + k, p, fixFor(k, keys))));
        }
        return out;
    }

    private static Optional<String> unknown(String key, KeyRegistry keys) {
        Optional<Key<?>> declared = keys.find(key);
        if (declared.isPresent() && declared.get().use() == Key.Use.DERIVED) {
            return Optional.of(key + " is derived at start-up from other keys and cannot be set");
        }
        if (declared.isPresent() || keys.prefixes().stream().noneMatch(key::startsWith)) {
            return Optional.empty();
        }
        return Optional.of("unknown key " + key + ", nothing reads it");
    }

    private static String fixFor(String key, KeyRegistry keys) {
        Optional<Key<?>> declared = keys.find(key);
        if (declared.isPresent()) {
            // a derived key: its declaration says which keys decide it
            return declared.get().fix();
        }
        if (key.endsWith(".api-key")) {
            return "remove it: API keys come only from the environment (COINGECKO_API_KEY, SOSOVALUE_API_KEY)";
        }
        return "did you mean " + nearest(key, keys.settable()) + "?";
    }

    static String nearest(String key, Set<String> known) {
        return known.stream().filter(k -> !k.startsWith("camel."))
            .min(Comparator.comparingInt((String k) -> distance(key, k)).thenComparing(k -> k)).orElse("?");
    }

    /** Levenshtein distance: edits from one key to the other. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The keys of a properties file with the line each starts on (continuations, comments and escapes as Java reads them). */
    static List<Entry> entries(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (logical.length() == 0) {
                String t = line.stripLeading();
                if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
                    continue;
                }
                start = i + 1;
            }
            logical.append(line).append('\n');
            if (continues(line) && i + 1 < lines.size()) {
                continue;
            }
            Properties p = new Properties();
            try {
                p.load(new StringReader(logical.toString()));
            } catch (IOException | IllegalArgumentException e) {
                // a malformed escape: Camel reports the file itself
            }
            for (String k : p.stringPropertyNames()) {
                out.add(new Entry(k, start));
            }
            logical.setLength(0);
        }
        return out;
    }

    private static boolean continues(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
