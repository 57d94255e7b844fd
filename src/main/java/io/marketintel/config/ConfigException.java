package io.marketintel.config;

/** A missing or invalid setting: start-up stops with this one line, naming the key. */
public class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String message) {
        super("Configuration error: " + key + " " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
