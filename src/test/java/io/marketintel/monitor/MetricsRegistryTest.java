package io.marketintel.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsRegistryTest {

    @Test
    void should_write_camel_case_tags_as_snake_case_and_fill_missing_help() {
        PrometheusMeterRegistry r = MetricsRegistry.create();
        Counter.builder("camel.exchanges").tag("routeId", "fear-greed").tag("camelContext", "mi").register(r).increment();
        Gauge.builder("camel.routes.running", () -> 3).register(r);
        Gauge.builder("system.cpu.count", () -> 2).register(r);
        FunctionCounter.builder("process.cpu.time", this, x -> 5).baseUnit("ns").register(r);
        String text = r.scrape();
        assertTrue(text.contains("camel_exchanges_total{camel_context=\"mi\",route_id=\"fear-greed\"} 1.0"), text);
        assertTrue(text.contains("# HELP camel_routes_running Routes running now"), text);
        assertTrue(text.contains("\nsystem_cpus 2.0"), text);
        assertFalse(text.contains("system_cpu_count") || text.contains("process_cpu_time"), text);
        assertEquals("route_id", MetricsRegistry.snakeCase("routeId"));
        assertEquals("source", MetricsRegistry.snakeCase("source"));
    }
}
