package io.marketintel.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error policy, in one place. Every source route opts in with {@code routeConfigurationId: source-errors}.
 * <ul>
 * <li>retryable failures (HTTP 429, 408, 5xx, an HTML challenge page, timeouts, I/O, a locked database) are
 * redelivered with exponential backoff; a 429/503 {@code Retry-After} sets the next delay (capped);</li>
 * <li>everything else (other 4xx, malformed payloads, failed data checks) is not retried;</li>
 * <li>after the last attempt the exchange goes to {@code direct:dead-letter} with what could not be stored, and
 * the run goes on with the next asset, payload or source.</li>
 * </ul>
 */
public class ErrorPolicyRoutes extends RouteConfigurationBuilder {

    public static final String ID = "source-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
            .errorHandler(deadLetterChannel("direct:dead-letter")
                .maximumRedeliveries(0)
                // the dead-letter route logs one clear line; Camel's own exhausted log would repeat it with a trace
                .logExhausted(false)
                .logStackTrace(false))
            .onException(Exception.class)
                .onWhen(e -> Failures.isRetryable(e.getException()))
                .maximumRedeliveries("{{retry.max-redeliveries}}")
                .redeliveryDelay("{{retry.initial-delay-ms}}")
                .useExponentialBackOff()
                .backOffMultiplier("{{retry.backoff-multiplier}}")
                .maximumRedeliveryDelay("{{retry.max-delay-ms}}")
                // Camel's retry line names message and exchange ids; ours (countRedelivery) names the call and cause
                .logRetryAttempted(false)
                .logStackTrace(false)
                .logExhausted(false)
                // runs after each failed attempt, before the next delay is computed: a Retry-After wins over backoff
                .onExceptionOccurred(ErrorPolicyRoutes::honourRetryAfter)
                .onRedelivery(ErrorPolicyRoutes::countRedelivery);
    }


    static void countRedelivery(Exchange exchange) {
        RunTracker tracker = exchange.getContext().getRegistry().lookupByNameAndType("runTracker", RunTracker.class);
        if (tracker != null) {
            Throwable cause = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            tracker.redelivering(exchange.getProperty(ExchangeProperties.SOURCE, String.class),
                exchange.getProperty(ExchangeProperties.RUN_ID, String.class), Failures.retryCause(cause));
        }
        Throwable cause = exchange.getException() != null ? exchange.getException()
            : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String call = exchange.getProperty("miCall", String.class);
        Integer attempt = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer max = exchange.getIn().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        String why = Failures.retryCause(cause);
        if (Failures.http(cause) == null && cause != null) {
            Throwable root = Failures.rootCause(cause);
            if (root.getMessage() != null && !why.contains(root.getMessage())) {
                why += " (" + root.getMessage().replaceAll("\\s+", " ").strip() + ")";
            }
        }
        LOG.warn("{}{}: {}; retry {}{}", exchange.getProperty(ExchangeProperties.SOURCE, "?", String.class),
            call == null ? "" : " " + call, why, attempt == null ? "" : attempt, max == null ? "" : " of " + max);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPolicyRoutes.class);

    static void honourRetryAfter(Exchange exchange) {
        exchange.setProperty(ExchangeProperties.ATTEMPTS, exchange.getProperty(ExchangeProperties.ATTEMPTS, 0, Integer.class) + 1);
        long capSeconds = exchange.getContext().getPropertiesComponent()
            .resolveProperty("retry.retry-after-cap-seconds").map(Long::parseLong).orElse(300L);
        Duration wait = Failures.retryAfter(Failures.http(exchange.getException()), Duration.ofSeconds(capSeconds));
        if (wait != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
