package io.marketintel.http;

import org.apache.camel.Exchange;

/**
 * The step right after an HTTP call to an endpoint that always has data (bean {@code answers}): a 2xx answer with an
 * empty body is not "nothing new" but a failed call. It throws {@link EmptyAnswerException}, which the error policy
 * retries; the step must sit in the call's sub-route (no error handler of its own), so that the caller's
 * redelivery makes the call again rather than re-reading the same empty body.
 */
public final class Answers {

    /** Exchange property naming the call for messages, e.g. {@code Farside ETH page /eth/}. */
    public static final String CALL = "miCall";

    public void expectData(Exchange ex) {
        String body = ex.getMessage().getBody(String.class);
        if (body != null && !body.isBlank()) {
            return;
        }
        throw new EmptyAnswerException(emptyAnswer(ex.getProperty(CALL, String.class),
            ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class), url(ex), "data"));
    }

    /** The one wording of an empty answer, for every source: the call, the status, what was expected, the URL. */
    public static String emptyAnswer(String call, Integer status, String url, String expected) {
        return (call == null ? "the call" : call) + ": HTTP " + (status == null ? "2xx" : status)
            + " with an empty body instead of " + expected
            + (url == null ? "" : " (" + CalledUrl.clean(url) + ")");
    }

    static String url(Exchange ex) {
        return CalledUrl.of(ex, ex.getProperty(Exchange.TO_ENDPOINT, String.class));
    }
}
