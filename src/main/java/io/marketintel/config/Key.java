package io.marketintel.config;

import java.text.ParseException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.quartz.CronExpression;

/**
 * One configuration key, declared once, next to the code that reads it (as Debezium declares a connector's
 * {@code Field}s): its name, the default shipped in application.properties, the values it takes, and why it exists —
 * the comment above it in application.properties. Start-up validation ({@link Settings}), the typo check
 * ({@link ConfigKeys}) and {@code --check} read it; {@code KeysDeclaredTest} proves application.properties ships exactly
 * the declared keys, each with its default and its description as the comment. A package declares its keys as
 * {@code public static final Key} fields of a {@link KeyCatalog}. No Camel imports.
 *
 * @param <T> what {@link Settings#get(Key)} returns for it
 */
public final class Key<T> {

    /** Turns a value into a {@code T}, or throws {@link Invalid} saying what is wrong with it. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String value);
    }

    /** A value the key does not take; the message follows the key's name ({@code = 'x' must be …}). */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** When a key's value is read and checked. */
    public enum Use {
        /** checked once at start: a bad value stops start-up naming the key */
        AT_START,
        /** read only by the code that uses it (it may name keys derived at start-up, e.g. a check.* URL) */
        WHEN_USED,
        /** computed at start-up from other keys; setting it is a mistake the typo check names */
        DERIVED
    }

    private final String name;
    private final String defaultValue;
    private final String allowed;
    private final String description;
    private final boolean optional;
    private final Use use;
    private final Parser<T> parser;

    private Key(String name, String defaultValue, String allowed, String description, boolean optional, Use use,
                Parser<T> parser) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.allowed = allowed;
        this.description = description;
        this.optional = optional;
        this.use = use;
        this.parser = parser;
    }

    // ---- kinds ----------------------------------------------------------------------------------------------

    public static Key<Boolean> bool(String name, String defaultValue, String description) {
        return new Key<>(name, defaultValue, "true or false", description, false, Use.AT_START, v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new Invalid(is(v) + " must be true or false");
            }
            return Boolean.parseBoolean(v);
        });
    }

    public static Key<Integer> integer(String name, String defaultValue, int min, int max, String description) {
        return new Key<>(name, defaultValue, "a whole number from " + min + " to " + max, description, false,
            Use.AT_START, v -> {
                int i;
                try {
                    i = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new Invalid(is(v) + " is not a whole number");
                }
                if (i < min || i > max) {
                    throw new Invalid(is(v) + " must be between " + min + " and " + max);
                }
                return i;
            });
    }

    /** A number with a fraction; {@code max} null = no upper bound. */
    public static Key<BigDecimal> decimal(String name, String defaultValue, BigDecimal min, BigDecimal max,
                                          String description) {
        return new Key<>(name, defaultValue, "a number of at least " + min.toPlainString()
            + (max == null ? "" : " and at most " + max.toPlainString()), description, false, Use.AT_START, v -> {
                BigDecimal d;
                try {
                    d = new BigDecimal(v);
                } catch (NumberFormatException e) {
                    throw new Invalid(is(v) + " is not a number");
                }
                if (d.compareTo(min) < 0) {
                    throw new Invalid(is(v) + " must be at least " + min.toPlainString());
                }
                if (max != null && d.compareTo(max) > 0) {
                    throw new Invalid(is(v) + " must be at most " + max.toPlainString());
                }
                return d;
            });
    }

    /** An http(s) root that paths are appended to. */
    public static Key<String> url(String name, String defaultValue, String description) {
        return new Key<>(name, defaultValue, "an http(s) URL without a trailing '/'", description, false, Use.AT_START,
            v -> {
                try {
                    URI u = URI.create(v);
                    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                        throw new IllegalArgumentException();
                    }
                } catch (IllegalArgumentException e) {
                    throw new Invalid(is(v) + " is not an http(s) URL");
                }
                if (v.endsWith("/")) {
                    throw new Invalid(is(v) + " must not end with '/' (paths are appended to it)");
                }
                return v;
            });
    }

    /** A Quartz cron expression, evaluated in UTC. */
    public static Key<String> cron(String name, String defaultValue, String description) {
        return new Key<>(name, defaultValue, "a Quartz cron expression, UTC", description, false, Use.AT_START, v -> {
            if (!CronExpression.isValidExpression(v)) {
                String why;
                try {
                    new CronExpression(v);
                    why = "";
                } catch (ParseException e) {
                    why = " (" + e.getMessage() + ")";
                }
                throw new Invalid(is(v) + " is not a Quartz cron expression"
                    + " (sec min hour day-of-month month day-of-week, e.g. '0 5 0 * * ?')" + why);
            }
            return v;
        });
    }

    /** One of a few words, in any case; {@link Settings#get(Key)} returns it as declared. */
    public static Key<String> oneOf(String name, String defaultValue, List<String> values, String description) {
        String list = values.size() == 1 ? values.get(0)
            : String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
        return new Key<>(name, defaultValue, list, description, false, Use.AT_START, v -> values.stream()
            .filter(x -> x.equalsIgnoreCase(v)).findFirst()
            .orElseThrow(() -> new Invalid(is(v) + " must be " + list)));
    }

    /** Any text that is not empty (a path, a host). */
    public static Key<String> text(String name, String defaultValue, String description) {
        return new Key<>(name, defaultValue, "text", description, false, Use.AT_START, v -> v);
    }

    /**
     * A value with a syntax of its own ({@code bitcoin:BTC,ethereum:ETH}); {@code parse} throws an
     * IllegalArgumentException saying what is wrong, and {@code hint} (may be empty) follows its message.
     */
    public static <T> Key<T> parsed(String name, String defaultValue, String allowed, String hint, Function<String, T> parse,
                                    String description) {
        return new Key<>(name, defaultValue, allowed, description, false, Use.AT_START, v -> {
            try {
                return parse.apply(v);
            } catch (Invalid e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new Invalid(is(v) + ": " + e.getMessage() + hint);
            }
        });
    }

    /** Derived at start-up from other keys, never set by users: {@code fix} says which keys decide it. */
    public static Key<String> derived(String name, String fix) {
        return new Key<>(name, null, fix, "derived at start-up", true, Use.DERIVED, v -> v);
    }

    // ---- modifiers ------------------------------------------------------------------------------------------

    /** May be empty (then {@link Settings#get(Key)} returns null); a value given is checked as usual. */
    public Key<T> orEmpty() {
        return new Key<>(name, defaultValue, allowed + " (or empty)", description, true, use, parser);
    }

    /** Not read at start: the code that uses it resolves it (it may name a key derived at start-up). */
    public Key<T> whenUsed() {
        return new Key<>(name, defaultValue, allowed, description, optional, Use.WHEN_USED, parser);
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /** The value (stripped; empty counts as missing) as a {@code T}, or a {@link ConfigException} naming this key. */
    public T parse(String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            if (optional) {
                return null;
            }
            throw new ConfigException(name, "is missing (set it in application.properties)", fix());
        }
        try {
            return parser.parse(v);
        } catch (Invalid e) {
            throw new ConfigException(name, e.getMessage(), fix());
        }
    }

    /** What {@code --check} and the start-up error tell users to do about a bad value. */
    public String fix() {
        if (use == Use.DERIVED) {
            return allowed;
        }
        return "correct " + name + " (" + allowed + (defaultValue == null || defaultValue.isBlank() ? ""
            : "; shipped: " + defaultValue) + ")";
    }

    public String name() {
        return name;
    }

    /** As written in the shipped application.properties (placeholders included); null for a derived key. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The values it takes, in words ({@code a whole number from 1 to 90}). */
    public String allowed() {
        return allowed;
    }

    /** Why it exists: the comment above it in application.properties, its lines joined by a space. */
    public String description() {
        return description;
    }

    public Use use() {
        return use;
    }

    @Override
    public String toString() {
        return name;
    }

    /** The {@code public static final Key} fields of a catalog class, in the order they are declared. */
    public static List<Key<?>> fieldsOf(Class<?> catalog) {
        List<Key<?>> out = new ArrayList<>();
        for (Field f : catalog.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isPublic(m) && Key.class.equals(f.getType())) {
                try {
                    out.add((Key<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(catalog.getName() + "." + f.getName(), e);
                }
            }
        }
        return out;
    }

    private static String is(String v) {
        return "= '" + v + "'";
    }
}
