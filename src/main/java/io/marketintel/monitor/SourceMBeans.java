package io.marketintel.monitor;

import javax.management.MalformedObjectNameException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.marketintel.pipeline.Source;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one {@link SourceMetrics} MBean per job of the catalog ({@link io.marketintel.pipeline.Sources#jobs()}: the sources and the
 * snapshot) on the platform MBean
 * server (the one Camel's JMX agent and Jolokia use) while the context runs. A new source in the catalog gets its
 * MBean without any change here.
 */
public final class SourceMBeans extends ServiceSupport {

    public static final String DOMAIN = "io.marketintel";

    private static final Logger LOG = LoggerFactory.getLogger(SourceMBeans.class);

    private final SourceMonitor monitor;
    private final List<ObjectName> registered = new ArrayList<>();

    public SourceMBeans(SourceMonitor monitor) {
        this.monitor = monitor;
    }

    public static ObjectName name(String sourceId) {
        try {
            // kebab-case ids need no quoting, which keeps Jolokia URLs plain
            String value = sourceId.matches("[A-Za-z0-9._-]+") ? sourceId : ObjectName.quote(sourceId);
            return new ObjectName(DOMAIN + ":type=source,name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    protected void doStart() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (Source s : monitor.sources().jobs()) {
            ObjectName on = name(s.id());
            if (server.isRegistered(on)) {
                // left over by an earlier context in this JVM (tests); the newest context owns the name
                server.unregisterMBean(on);
            }
            server.registerMBean(new SourceMetrics(s, monitor), on);
            registered.add(on);
        }
        LOG.debug("Source MBeans registered: {}", registered);
    }

    @Override
    protected void doStop() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName on : registered) {
            if (server.isRegistered(on)) {
                server.unregisterMBean(on);
            }
        }
        registered.clear();
    }
}
