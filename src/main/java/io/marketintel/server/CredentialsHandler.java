package io.marketintel.server;

import java.util.Set;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * Asks every request for the {@link ServerCredentials} (a 401 naming the schemes otherwise), except the liveness and
 * readiness probes: a kubelet or a load balancer calls those without credentials. A probe without valid credentials
 * gets the status only (Camel's {@code oneline} exposure: {@code {"status":"UP"}}), never the checks' details (route
 * ids, error messages); with credentials it gets the full detail.
 * <p>
 * Installed through Camel's own hook ({@code AuthenticationConfig} of the platform-http server, which puts it in front
 * of every route of the server). Camel 4.17's built-in choices read a Vert.x properties file (basic auth) or a JWT
 * keystore; neither takes a secret from the environment, and their path patterns cannot leave the probes open.
 */
final class CredentialsHandler implements AuthenticationHandler {

    private final ServerCredentials credentials;
    private final Set<String> probes;
    private final String challenge;

    CredentialsHandler(ServerCredentials credentials, Set<String> probes) {
        this.credentials = credentials;
        this.probes = Set.copyOf(probes);
        this.challenge = String.join(", ", credentials.schemes().stream().map(s -> s + " realm=\"market-intel\"").toList());
    }

    @Override
    public void handle(RoutingContext ctx) {
        boolean ok = credentials.accepts(ctx.request().getHeader("Authorization"));
        if (ok) {
            ctx.next();
            return;
        }
        if (probes.contains(ctx.normalizedPath())) {
            // Camel's health handler reads this parameter: the probe learns UP or DOWN, nothing more
            ctx.request().params().set("exposureLevel", "oneline");
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", challenge)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", 401).put("error", "unauthorized")
                .put("detail", "this server asks for credentials: " + String.join(" or ", credentials.schemes())
                    + " (see the README, section Health and metrics)").encode());
    }
}
