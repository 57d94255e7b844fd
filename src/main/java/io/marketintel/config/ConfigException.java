package io.marketintel.config;

/** A missing or invalid setting: start-up stops with this one line, naming the key. */
public class ConfigException extends RuntimeException {

    private final String key;
    private final String fix;

    public ConfigException(String key, String message) {
        this(key, message, "correct " + key);
    }

    /** {@code fix} starts with a verb ({@code correct feargreed.cron (a Quartz cron expression, UTC)}). */
    public ConfigException(String key, String message, String fix) {
        super("Configuration error: " + key + " " + message);
        this.key = key;
        this.fix = fix;
    }

    public String key() {
        return key;
    }

    /** What {@code --check} tells users to do, from the key's declaration when a declared rule failed. */
    public String fix() {
        return fix;
    }
}
