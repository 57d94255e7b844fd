package io.marketintel.monitor;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;

/**
 * The Prometheus registry behind {@code /observe/metrics}, bound as {@code metricsRegistry} before Camel Main sets up
 * camel-micrometer-prometheus (which then uses it instead of a plain one), so every meter — Camel's, the JVM
 * binders', ours — follows Prometheus conventions and passes {@code promtool check metrics}: Camel's camelCase tag
 * keys ({@code routeId}, {@code camelContext}) become snake_case ({@code route_id}, {@code camel_context}), Camel's
 * few meters without a description get one, {@code system.cpu.count} becomes {@code system_cpus} (a gauge must not
 * end in {@code _count}) and {@code process.cpu.time} (a counter in nanoseconds, {@code _ns_total}) is left out:
 * {@code process_cpu_usage} gives the same figure in Prometheus's terms.
 */
public final class MetricsRegistry {

    /** Camel's meters that come without one. */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
        "app.info", "Camel runtime and version (value 1, the labels carry the facts)",
        "camel.routes.added", "Routes added to the Camel context",
        "camel.routes.reloaded", "Routes reloaded since start",
        "camel.routes.running", "Routes running now");

    private MetricsRegistry() {
    }

    public static PrometheusMeterRegistry create() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        r.config().namingConvention(new PrometheusNamingConvention() {
            @Override
            public String tagKey(String key) {
                return super.tagKey(snakeCase(key));
            }
        });
        r.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        r.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String name = "system.cpu.count".equals(id.getName()) ? "system.cpus" : id.getName();
                String description = id.getDescription() != null ? id.getDescription()
                    : DESCRIPTIONS.getOrDefault(name, "Camel meter " + name);
                if (name.equals(id.getName()) && description.equals(id.getDescription())) {
                    return id;
                }
                return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
            }
        });
        return r;
    }

    /** routeId -> route_id; already snake_case keys are unchanged. */
    static String snakeCase(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('_');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
