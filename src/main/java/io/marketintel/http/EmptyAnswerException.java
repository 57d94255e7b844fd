package io.marketintel.http;

/**
 * A call that succeeded (2xx) but answered an empty body where the endpoint always has data: an API or CDN hiccup,
 * retried like a 5xx by the error policy, then dead-lettered with this message (which names the call). Thrown right
 * after the HTTP call, inside the step the policy redelivers, so a retry calls the API again.
 */
public class EmptyAnswerException extends RuntimeException {

    public EmptyAnswerException(String message) {
        super(message);
    }
}
