package io.marketintel.monitor;

import io.marketintel.config.Key;
import io.marketintel.config.KeyCatalog;

/** The health check's, the source MBeans' and Jolokia's keys. */
public final class MonitorKeys implements KeyCatalog {

    public static final Key<Integer> HEALTH_DB_TIMEOUT_MS = Key.integer("health.db-timeout-ms", "2000", 100, 60_000,
        "the data-source health check gives up after this long (the SQLite pool has one connection; a long write"
            + " holds it)");
    public static final Key<Boolean> SOURCE_MBEANS = Key.bool("monitor.source-mbeans", "true",
        "per-source business MBeans io.marketintel:type=source,name=<source-id> (data age, last run, dead letters)");
    public static final Key<Boolean> JOLOKIA_ENABLED = Key.bool("jolokia.enabled", "{{env:JOLOKIA_ENABLED:false}}",
        "Jolokia (JMX over HTTP for curl and hawtio), started in-process; off by default: it has no authentication");
    public static final Key<String> JOLOKIA_HOST = Key.text("jolokia.host", "127.0.0.1",
        "loopback only by default: anyone who reaches the port can read (and invoke) every MBean");
    public static final Key<Integer> JOLOKIA_PORT = Key.integer("jolokia.port", "8778", 0, 65_535,
        "Jolokia's conventional port; 0 picks a free one (logged at start)");
}
