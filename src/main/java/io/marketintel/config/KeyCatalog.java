package io.marketintel.config;

import java.util.List;

/**
 * A package's configuration keys: a class of {@code public static final Key} fields, listed in
 * {@code META-INF/services/io.marketintel.config.KeyCatalog}. A source declares its keys in its own package this way,
 * so the core reads them without importing any source.
 */
public interface KeyCatalog {

    /** The keys this catalog declares, in the order they are checked at start. */
    default List<Key<?>> keys() {
        return Key.fieldsOf(getClass());
    }
}
