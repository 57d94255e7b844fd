package io.marketintel.monitor;

import io.marketintel.pipeline.ExchangeProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.Source;
import io.marketintel.pipeline.Sources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The API calls as metrics: {@code market_intel_api_requests_total{source,status}} and the histogram
 * {@code market_intel_api_request_duration_seconds{source}}. Built on the same "exchange sent" event as
 * {@link ApiCallLog} (once per send to an http(s) endpoint, each redelivery included), with the same status rule.
 */
final class ApiCallMetrics extends EventNotifierSupport {

    /** From a fast answer of a local server to a provider at the response timeout (20 s). */
    static final Duration[] BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(20)};

    private final MeterRegistry registry;
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    ApiCallMetrics(MeterRegistry registry, Sources sources) {
        this.registry = registry;
        ApiCallLog.onlySendEvents(this);
        // every scheduled source's series exist from the start (0 calls), so a rate() has a baseline
        for (Source s : sources.sources()) {
            if (!s.eventDriven()) {
                duration(s.id());
            }
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        // "sending" must be accepted too: Camel times a send only when a notifier takes its sending event
        if (event instanceof CamelEvent.ExchangeSendingEvent e) {
            return ApiCallLog.isHttp(e.getEndpoint());
        }
        if (event instanceof CamelEvent.ExchangeSentEvent e) {
            return ApiCallLog.isHttp(e.getEndpoint());
        }
        return false;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSentEvent sent) {
            Exchange ex = sent.getExchange();
            String source = ex.getProperty(ExchangeProperties.SOURCE, "unknown", String.class);
            String status = ApiCallLog.statusCode(ex);
            duration(source).record(Duration.ofMillis(sent.getTimeTaken()));
            requests.computeIfAbsent(source + " " + status, k -> Counter.builder("market.intel.api.requests")
                .description("API calls made (each retry counts), by source and HTTP status (none: no response)")
                .tag("source", source).tag("status", status).register(registry)).increment();
        }
    }

    private Timer duration(String source) {
        return durations.computeIfAbsent(source, k -> Timer.builder("market.intel.api.request.duration")
            .description("Time from sending an API call to its response or failure")
            .tag("source", source).serviceLevelObjectives(BUCKETS).register(registry));
    }
}
