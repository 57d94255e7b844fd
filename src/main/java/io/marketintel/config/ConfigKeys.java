package io.marketintel.config;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Set;
import java.util.TreeSet;

/**
 * Typos a properties file would otherwise swallow: a key under one of the project's prefixes that no code reads
 * ({@code feargreed.limt}), a key given twice (the last silently wins), and a missing {@code application.properties}
 * (the jar's defaults are in use). The known keys are the ones the shipped file declares — it documents every key —
 * so a new key needs no second list. Camel's own {@code camel.*} keys are Camel's to check.
 */
public final class ConfigKeys {

    /** The installation's file, relative to the working directory (as in {@code App.LOCATIONS}). */
    public static final Path FILE = Path.of("application.properties");
    /** The shipped file packed in the jar: every key the runtime reads, each with its comment. */
    public static final String DEFAULTS = "defaults/application.properties";

    /** Keys computed at start-up from others: set in a file they would be overwritten, so they are not settable. */
    private static final Set<String> DERIVED = Set.of("coingecko.api-root", "coingecko.throttle-period-ms",
        "coingecko.key-header");

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
    public static List<Problem> check() {
        return check(FILE, defaults(), System.getProperties());
    }

    static List<Problem> check(Path file, Properties defaults, Properties system) {
        Set<String> known = new TreeSet<>(defaults.stringPropertyNames());
        Set<String> prefixes = new TreeSet<>();
        for (String k : known) {
            if (!k.startsWith("camel.")) {
                prefixes.add(k.substring(0, k.indexOf('.') + 1));
            }
        }
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
            unknown(e.key(), known, prefixes).ifPresent(p -> out.add(new Problem(where, p, fixFor(e.key(), known))));
        }
        for (String k : new TreeSet<>(system.stringPropertyNames())) {
            unknown(k, known, prefixes).ifPresent(p -> out.add(new Problem("-D" + k, p, fixFor(k, known))));
        }
        return out;
    }

    private static java.util.Optional<String> unknown(String key, Set<String> known, Set<String> prefixes) {
        if (known.contains(key) || prefixes.stream().noneMatch(key::startsWith)) {
            return java.util.Optional.empty();
        }
        if (DERIVED.contains(key)) {
            return java.util.Optional.of(key + " is derived at start-up from other keys and cannot be set");
        }
        return java.util.Optional.of("unknown key " + key + ", nothing reads it");
    }

    private static String fixFor(String key, Set<String> known) {
        if (DERIVED.contains(key)) {
            return "remove it (coingecko.plan, coingecko.base-url and coingecko.pro-base-url decide it)";
        }
        if (key.endsWith(".api-key")) {
            return "remove it: API keys come only from the environment (COINGECKO_API_KEY, SOSOVALUE_API_KEY)";
        }
        return "did you mean " + nearest(key, known) + "?";
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

    static Properties defaults() {
        Properties p = new Properties();
        try (InputStream in = ConfigKeys.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
