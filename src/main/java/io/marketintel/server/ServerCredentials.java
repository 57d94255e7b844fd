package io.marketintel.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.marketintel.config.ApiKeys;
import io.marketintel.config.ConfigException;

/**
 * The credentials the embedded HTTP server asks for, read from the environment only (like the API keys, and for the
 * same reason: Camel logs resolved properties at DEBUG): a bearer token ({@value #TOKEN}) and/or a user and password
 * for basic auth ({@value #USER}, {@value #PASSWORD}). No Camel or Vert.x imports.
 */
public final class ServerCredentials {

    /** A bearer token: {@code Authorization: Bearer <token>}. */
    public static final String TOKEN = "MARKET_INTEL_HTTP_TOKEN";
    /** The basic-auth user; needs {@value #PASSWORD}. */
    public static final String USER = "MARKET_INTEL_HTTP_USER";
    /** The basic-auth password; needs {@value #USER}. */
    public static final String PASSWORD = "MARKET_INTEL_HTTP_PASSWORD";

    private final Optional<String> token;
    private final Optional<String> basic;

    private ServerCredentials(Optional<String> token, Optional<String> basic) {
        this.token = token;
        this.basic = basic;
    }

    /** From the environment (given as {@link ApiKeys}); a user without a password, or the reverse, is refused. */
    public static ServerCredentials from(ApiKeys env) {
        Optional<String> user = env.get(USER);
        Optional<String> password = env.get(PASSWORD);
        if (user.isPresent() != password.isPresent()) {
            String missing = user.isPresent() ? PASSWORD : USER;
            throw new ConfigException(missing, "is not set but " + (user.isPresent() ? USER : PASSWORD) + " is: basic "
                + "auth needs both in the environment (or unset both and use " + TOKEN + ")");
        }
        if (user.isPresent() && user.get().contains(":")) {
            throw new ConfigException(USER, "contains ':', which basic auth cannot carry: choose a user name without it");
        }
        return new ServerCredentials(env.get(TOKEN), user.map(u -> u + ":" + password.get()));
    }

    /** Whether any credential is set (then every path but the probes asks for it). */
    public boolean any() {
        return token.isPresent() || basic.isPresent();
    }

    /** The schemes a client may use, for {@code WWW-Authenticate}: "Bearer", "Basic" or both. */
    public List<String> schemes() {
        List<String> s = new ArrayList<>();
        token.ifPresent(t -> s.add("Bearer"));
        basic.ifPresent(b -> s.add("Basic"));
        return s;
    }

    /** Whether an {@code Authorization} header value carries a credential set here (compared in constant time). */
    public boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        String a = authorization.strip();
        int sp = a.indexOf(' ');
        if (sp < 0) {
            return false;
        }
        String scheme = a.substring(0, sp);
        String value = a.substring(sp + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer") && token.isPresent()) {
            return same(value, token.get());
        }
        if (scheme.equalsIgnoreCase("Basic") && basic.isPresent()) {
            try {
                return same(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8), basic.get());
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return false;
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        // never the values
        return "ServerCredentials" + schemes();
    }
}
