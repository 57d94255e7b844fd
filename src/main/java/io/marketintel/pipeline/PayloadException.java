package io.marketintel.pipeline;

/**
 * A response that cannot be read as the API's documented shape (malformed, truncated, changed). Not retried:
 * the payload goes to the dead letter as it came, and nothing of it is stored.
 */
public class PayloadException extends RuntimeException {

    public PayloadException(String message) {
        super(message);
    }

    public PayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
