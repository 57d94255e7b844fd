package io.marketintel.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

import io.marketintel.config.ApiKeys;
import io.marketintel.config.ConfigException;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HTTP server's rule: it binds {@code camel.server.host} (127.0.0.1 by default); any other address
 * needs credentials from the environment ({@link ServerCredentials}), and start-up refuses otherwise, naming the key.
 * With credentials set, every path but the liveness and readiness probes asks for them, wherever the server binds.
 * <p>
 * Camel Main has created and initialised its servers (camel.server.*, camel.management.*) before the configuration
 * classes run, and starts them with the context: the handler added here is in place before the first request.
 * Listed first in {@code camel.main.configuration-classes}, so a refused start opens no database.
 */
public class ServerConfiguration implements CamelConfiguration {

    /** The bean holding the environment's secrets as App read them (the demo's "apiKeys" bean is emptied). */
    public static final String ENVIRONMENT_BEAN = "environmentKeys";

    private static final Logger LOG = LoggerFactory.getLogger(ServerConfiguration.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        MainHttpServer server = camel.hasService(MainHttpServer.class);
        ManagementHttpServer management = camel.hasService(ManagementHttpServer.class);
        if (server == null && management == null) {
            // off for the one-shot verbs (App), or switched off by camel.server.enabled=false
            return;
        }
        ApiKeys env = camel.getRegistry().lookupByNameAndType(ENVIRONMENT_BEAN, ApiKeys.class);
        ServerCredentials credentials = ServerCredentials.from(env != null ? env : ApiKeys.environment());
        String health = property(camel, "camel.management.health-path", "/observe/health");
        Set<String> probes = Set.of(health + "/live", health + "/ready");
        if (server != null) {
            guard(server.getConfiguration(), "camel.server.host", credentials, probes);
        }
        if (management != null && (server == null || management.getPort() != server.getPort())) {
            // a management server of its own (another camel.management.port): the same rule there
            guard(management.getConfiguration(), "camel.management.host", credentials, probes);
        }
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // Camel 4.17 only logs a WARN when Vert.x cannot bind (the failure is thrown on the event loop, not
                // to the context): without this the runtime would run on with no probes and no metrics
                for (VertxPlatformHttpServer http : context.hasServices(VertxPlatformHttpServer.class)) {
                    // Vert.x 4.5's server class (what HttpServer is in this build) knows; its port does not
                    if (http.getServer() == null || http.getServer() instanceof io.vertx.core.net.impl.TCPServerBase tcp
                        && !tcp.isListening()) {
                        boolean main = server != null && http.getConfigurationPort() == server.getPort();
                        throw new ConfigException(main ? "camel.server.port" : "camel.management.port", "= "
                            + http.getConfigurationPort() + ": the server could not listen on " + http.getHost() + ":"
                            + http.getConfigurationPort() + " (in use by another program or another market-intel?): "
                            + "choose a free port");
                    }
                }
            }
        });
    }

    private static void guard(VertxPlatformHttpServerConfiguration cfg, String hostKey, ServerCredentials credentials,
                              Set<String> probes) {
        String host = cfg.getBindHost();
        refusal(hostKey, host, credentials).ifPresent(e -> {
            throw e;
        });
        if (credentials.any()) {
            AuthenticationConfig auth = cfg.getAuthenticationConfig();
            AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
            entry.setPath("/*");
            entry.setAuthenticationProviderFactory(vertx -> null);
            entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
                @Override
                public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T unused) {
                    return new CredentialsHandler(credentials, probes);
                }
            });
            auth.getEntries().add(entry);
            auth.setEnabled(true);
            LOG.info("HTTP server on {}:{} asks for credentials ({}) on every path but {}", host, cfg.getBindPort(),
                String.join(" or ", credentials.schemes()), probes.stream().sorted().toList());
        }
    }

    /** Why the server may not bind {@code host} with these credentials (the start-up error; also --check's). */
    public static java.util.Optional<ConfigException> refusal(String hostKey, String host, ServerCredentials credentials) {
        if (loopback(host) || credentials.any()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ConfigException(hostKey, "= " + host + " is not a loopback address, and the "
            + "server has no credentials: set " + ServerCredentials.TOKEN + " (a bearer token), or " + ServerCredentials.USER
            + " and " + ServerCredentials.PASSWORD + " (basic auth), in the environment, or bind 127.0.0.1"));
    }

    /** 127.0.0.1, ::1, localhost: only this machine can connect. 0.0.0.0 (every interface) is not. */
    static boolean loopback(String host) {
        if (host == null || host.isBlank()) {
            // Vert.x binds every interface then
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            // Vert.x will fail to bind it anyway; do not let an unknown name pass as private
            return false;
        }
    }

    private static String property(CamelContext camel, String key, String dflt) {
        return camel.getPropertiesComponent().resolveProperty(key).orElse(dflt);
    }
}
