package io.marketintel.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every declared key: the {@link KeyCatalog}s on the class path (ServiceLoader), read once. A name declared twice is
 * a build mistake and stops the load.
 */
public final class KeyRegistry {

    private static volatile KeyRegistry declared;

    private final Map<String, Key<?>> keys;

    private KeyRegistry(Map<String, Key<?>> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    /** The keys of every catalog listed in META-INF/services, in the order of that file. */
    public static KeyRegistry declared() {
        KeyRegistry r = declared;
        if (r == null) {
            List<KeyCatalog> catalogs = new ArrayList<>();
            ServiceLoader.load(KeyCatalog.class, KeyCatalog.class.getClassLoader()).forEach(catalogs::add);
            r = of(catalogs);
            declared = r;
        }
        return r;
    }

    static KeyRegistry of(List<? extends KeyCatalog> catalogs) {
        Map<String, Key<?>> keys = new LinkedHashMap<>();
        for (KeyCatalog c : catalogs) {
            for (Key<?> k : c.keys()) {
                if (keys.putIfAbsent(k.name(), k) != null) {
                    throw new IllegalStateException(k.name() + " is declared twice (again in " + c.getClass().getName()
                        + "): declare each key in one KeyCatalog");
                }
            }
        }
        return new KeyRegistry(keys);
    }

    public Collection<Key<?>> all() {
        return keys.values();
    }

    public Optional<Key<?>> find(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** The names users may set: every key that is not derived. */
    public Set<String> settable() {
        Set<String> out = new TreeSet<>();
        keys.values().stream().filter(k -> k.use() != Key.Use.DERIVED).forEach(k -> out.add(k.name()));
        return out;
    }

    /** The project's prefixes ({@code feargreed.}): a key under one of them must be declared. */
    public Set<String> prefixes() {
        Set<String> out = new TreeSet<>();
        keys.keySet().forEach(k -> out.add(k.substring(0, k.indexOf('.') + 1)));
        return out;
    }
}
