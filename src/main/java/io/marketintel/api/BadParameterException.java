package io.marketintel.api;

/** A request parameter that is missing, unknown or out of range: a 400 answer naming it. */
public final class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
