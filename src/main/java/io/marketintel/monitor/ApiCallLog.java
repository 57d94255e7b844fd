package io.marketintel.monitor;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.marketintel.http.CalledUrl;
import io.marketintel.pipeline.Failures;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.StreamCache;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DEBUG line per API call, successful or not, on the logger {@code io.marketintel.http.ApiCalls}:
 * {@code GET https://api.alternative.me/fng/?limit=30 -> 200, 48213 bytes, 312 ms, attempt 1}.
 * Built on Camel's "exchange sent" event, which fires once for each send to an http(s) endpoint, redeliveries
 * included (the attempt is {@code CamelRedeliveryCounter} + 1). camel-http's activity listener was not used: it
 * is not called when no response arrives (timeouts, refused connections), which are the calls worth seeing.
 * Keys travel as headers, which are not logged; query strings are sanitised once more anyway.
 */
public final class ApiCallLog extends EventNotifierSupport {

    public static final String LOGGER = "io.marketintel.http.ApiCalls";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final String REQUEST = "miApiCallRequest";

    public ApiCallLog() {
        onlySendEvents(this);
    }

    /**
     * Switches a notifier to the send events only (what the API-call log and the API-call metrics read); "sending" must
     * stay on: Camel times a send only when someone listens.
     */
    static void onlySendEvents(EventNotifierSupport n) {
        n.setIgnoreCamelContextEvents(true);
        n.setIgnoreCamelContextInitEvents(true);
        n.setIgnoreRouteEvents(true);
        n.setIgnoreServiceEvents(true);
        n.setIgnoreExchangeCreatedEvent(true);
        n.setIgnoreExchangeCompletedEvent(true);
        n.setIgnoreExchangeFailedEvents(true);
        n.setIgnoreExchangeRedeliveryEvents(true);
        n.setIgnoreExchangeAsyncProcessingStartedEvents(true);
        n.setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        if (!LOG.isDebugEnabled()) {
            return false;
        }
        if (event instanceof CamelEvent.ExchangeSendingEvent e) {
            return isHttp(e.getEndpoint());
        }
        if (event instanceof CamelEvent.ExchangeSentEvent e) {
            return isHttp(e.getEndpoint());
        }
        return false;
    }

    static boolean isHttp(Endpoint endpoint) {
        String uri = endpoint == null ? null : endpoint.getEndpointUri();
        return uri != null && (uri.startsWith("http://") || uri.startsWith("https://")
            || uri.startsWith("http:") || uri.startsWith("https:"));
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSendingEvent sending) {
            // the request as it leaves: the response replaces body and headers
            Exchange ex = sending.getExchange();
            ex.setProperty(REQUEST, request(ex, sending.getEndpoint()));
        } else if (event instanceof CamelEvent.ExchangeSentEvent sent) {
            Exchange ex = sent.getExchange();
            String request = ex.getProperty(REQUEST, String.class);
            ex.removeProperty(REQUEST);
            LOG.debug(line(request != null ? request : request(ex, sent.getEndpoint()), ex, sent.getTimeTaken()));
        }
    }

    /** Method, URL and attempt number of the call about to be made. */
    static String request(Exchange ex, Endpoint endpoint) {
        String method = ex.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        if (method == null) {
            // camel-http's own rule: no body means GET, a body means POST
            method = ex.getIn().getBody() == null ? "GET" : "POST";
        }
        int attempt = ex.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        return method.toUpperCase(Locale.ROOT) + " " + url(ex, endpoint) + " attempt " + attempt;
    }

    /** The log line for one finished call. */
    static String line(String request, Exchange ex, long millis) {
        int a = request.lastIndexOf(" attempt ");
        String call = request.substring(0, a);
        String attempt = request.substring(a + " attempt ".length());
        Throwable failure = ex.getException();
        HttpOperationFailedException http = Failures.http(failure);
        String status;
        long bytes;
        if (http != null) {
            status = String.valueOf(http.getStatusCode());
            bytes = http.getResponseBody() == null ? 0 : http.getResponseBody().getBytes(StandardCharsets.UTF_8).length;
        } else if (failure != null) {
            status = "failed (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")";
            bytes = 0;
        } else {
            Integer code = ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            status = code == null ? "?" : String.valueOf(code);
            bytes = bytes(ex);
        }
        return String.format(Locale.ROOT, "%s -> %s, %d bytes, %d ms, attempt %s", call, status, bytes, millis, attempt);
    }

    /**
     * The HTTP status of a finished call as text ("200", "429"), or "none" when no response arrived (timeout, refused
     * connection): the status label of the API-call metrics.
     */
    static String statusCode(Exchange ex) {
        HttpOperationFailedException http = Failures.http(ex.getException());
        if (http != null) {
            return String.valueOf(http.getStatusCode());
        }
        if (ex.getException() != null) {
            return "none";
        }
        Integer code = ex.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        return code == null ? "none" : String.valueOf(code);
    }

    static String url(Exchange ex, Endpoint endpoint) {
        return CalledUrl.of(ex, endpoint);
    }

    static long bytes(Exchange ex) {
        Object body = ex.getMessage().getBody();
        if (body instanceof byte[] b) {
            return b.length;
        }
        if (body instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (body instanceof StreamCache sc) {
            long n = sc.length();
            if (n >= 0) {
                return n;
            }
        }
        Long len = ex.getMessage().getHeader("Content-Length", Long.class);
        if (len != null) {
            return len;
        }
        return body instanceof InputStream ? -1 : 0;
    }
}
