package io.marketintel.api;

import java.util.List;

/**
 * One query parameter of an {@link Endpoint}: what the OpenAPI document says about it and what the parser accepts,
 * from the same declaration.
 *
 * @param type      the OpenAPI type: string, integer, or string with a format (date, date-time)
 * @param allowed   the only values accepted (empty: any value of the type)
 * @param fallback  the value used when absent, as documented (null: required, or a default that depends on others)
 */
public record Param(String name, String type, String description, boolean required, List<String> allowed,
                    String fallback) {

    static Param required(String name, String description) {
        return new Param(name, "string", description, true, List.of(), null);
    }

    static Param optional(String name, String description) {
        return new Param(name, "string", description, false, List.of(), null);
    }

    static Param oneOf(String name, String description, String fallback, String... allowed) {
        return new Param(name, "string", description, false, List.of(allowed), fallback);
    }

    static Param integer(String name, String description, String fallback) {
        return new Param(name, "integer", description, false, List.of(), fallback);
    }
}
