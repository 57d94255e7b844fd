package io.marketintel.config;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The API keys, read from the environment only and never made Camel properties: Camel's placeholder parser logs
 * every value it resolves at DEBUG and TRACE ({@code Found an OS environment property: … with value: …},
 * {@code Resolved text: {{…}} -> …}) and has no masking there, so a key that went through {@code {{…}}} would land in
 * the log at the level the README recommends for watching API calls. Code that sends a key takes it from here and
 * puts it in its header; nothing else ever sees it ({@link #toString()} says only which keys are set).
 */
public final class ApiKeys {

    /** CoinGecko's Demo or paid key (header per {@code coingecko.plan}). */
    public static final String COINGECKO = "COINGECKO_API_KEY";
    /** SoSoValue's key (header {@code x-soso-api-key}). */
    public static final String SOSOVALUE = "SOSOVALUE_API_KEY";

    /** No key at all (the demo). */
    public static final ApiKeys NONE = of(Map.of());

    private final Function<String, String> source;

    private ApiKeys(Function<String, String> source) {
        this.source = source;
    }

    /** The process environment, as a user sets it. */
    public static ApiKeys environment() {
        return new ApiKeys(System::getenv);
    }

    /** Fixed values by variable name (tests; the environment of a child process). */
    public static ApiKeys of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new ApiKeys(copy::get);
    }

    /** The key in that environment variable; empty when unset or blank. */
    public Optional<String> get(String variable) {
        return Optional.ofNullable(source.apply(variable)).map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public String toString() {
        return "ApiKeys[" + COINGECKO + (get(COINGECKO).isPresent() ? " set" : " unset") + ", " + SOSOVALUE
            + (get(SOSOVALUE).isPresent() ? " set" : " unset") + "]";
    }
}
