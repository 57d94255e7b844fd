package io.marketintel.monitor;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.support.service.ServiceSupport;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia's JVM agent (JMX over HTTP/JSON, what hawtio and curl talk to) started inside the process when
 * {@code jolokia.enabled=true}: the same server {@code -javaagent:jolokia-agent-jvm-javaagent.jar} would start, but
 * switched on by one property, with no jar path to know. It binds {@code jolokia.host} (loopback by default).
 */
public final class JolokiaAgent extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAgent.class);

    private final String host;
    private final int port;
    private JolokiaServer server;

    public JolokiaAgent(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8778/jolokia/}; null until started. */
    public String url() {
        return server == null ? null : server.getUrl();
    }

    @Override
    protected void doStart() throws Exception {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("host", host);
        cfg.put("port", String.valueOf(port));
        cfg.put("agentId", "market-intel");
        // a plain JVM: no application-server detection at start (it only costs start-up time here)
        cfg.put("disableDetectors", "true");
        server = new JolokiaServer(new JolokiaServerConfig(cfg));
        server.start();
        LOG.info("Jolokia (JMX over HTTP) at {}", server.getUrl());
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
