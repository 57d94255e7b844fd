package io.marketintel.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.marketintel.config.CoreKeys;
import io.marketintel.config.Settings;
import io.marketintel.pipeline.Source;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * {@code --check}'s API lines: the one cheap call each enabled source declares as data, {@code check.<source-id>.*}
 * in application.properties, so a source declared in routes/ brings its check with it: {@code url}
 * ({@code none} for a source that calls no API), {@code method} (GET; HEAD falls back to GET when refused),
 * {@code body}, {@code key-header}/{@code key-env} (the environment variable holding the key, which goes in a header)
 * and {@code key-required}.
 * <p>
 * The call goes through Camel's http component (a {@link ProducerTemplate}), so it has the ingestion's own HTTP
 * client, timeouts ({@code camel.component.http(s).*} from {@code http.*-timeout-ms}) and no automatic retries; it
 * follows redirects and takes any status as an answer. No route and no error policy: a diagnostic is not retried.
 */
final class ApiProbe {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(?:env:)?([A-Za-z0-9_.-]+)(?::[^}]*)?}}");
    private static final String ACCEPT = "application/json, text/html;q=0.9, */*;q=0.1";

    private final CamelContext camel;
    private final Settings settings;

    ApiProbe(CamelContext camel, Settings settings) {
        this.camel = camel;
        this.settings = settings;
    }

    SetupCheck.Item api(Source s) {
        String name = "api " + s.id();
        if (!Boolean.parseBoolean(settings.optional(s.enabledKey()).orElse("false"))) {
            // a switch derived at start-up (auto) says why it is off, rather than a value the user never wrote
            return ok(name, "disabled (" + settings.optional(s.enabledKey() + ".from")
                .orElse(s.enabledKey() + "=false") + "), not called");
        }
        String prefix = "check." + s.id() + ".";
        Optional<String> url;
        try {
            url = settings.optional(prefix + "url");
        } catch (RuntimeException e) {
            return failed(name, prefix + "url cannot be resolved: " + SetupCheck.oneLine(e),
                "define the property it refers to");
        }
        if (url.isEmpty()) {
            return failed(name, "no check declared", "add " + prefix + "url (the cheap call that proves the API"
                + " answers) to application.properties, or 'none' for a source that calls no API");
        }
        if ("none".equalsIgnoreCase(url.get())) {
            return ok(name, "calls no API, nothing to check");
        }
        String urlKey = referencedKey(prefix + "url");
        String fixUrl = urlKey != null ? "check " + urlKey : "check " + prefix + "url";
        String method = settings.optional(prefix + "method").orElse("GET").toUpperCase(Locale.ROOT);
        String header = settings.optional(prefix + "key-header").orElse(null);
        // the key by the name of its environment variable, never as a property (see ApiKeys)
        String keyVar = settings.optional(prefix + "key-env").orElse(null);
        String key = header == null || keyVar == null ? null : settings.apiKeys().get(keyVar).orElse(null);
        String keyHint = keyVar != null ? "the environment variable " + keyVar : prefix + "key-env";
        boolean keyRequired = Boolean.parseBoolean(settings.optional(prefix + "key-required").orElse("false"));
        if (keyRequired && key == null) {
            return failed(name, "no API key", "set " + keyHint + " (sent as header " + header + ")");
        }
        String what = method + " " + url.get() + (key != null ? " (with " + header + ")" : "");
        try (ProducerTemplate template = camel.createProducerTemplate()) {
            Answer r = call(template, method, url.get(), settings.optional(prefix + "body").orElse(null), header, key);
            if ("HEAD".equals(method) && (r.status() == 405 || r.status() == 501)) {
                what = "GET " + url.get() + " (HEAD refused)";
                r = call(template, "GET", url.get(), null, header, key);
            }
            int st = r.status();
            if (st >= 200 && st < 400) {
                return ok(name, what + " → " + st + " in " + r.ms() + " ms");
            }
            return failed(name, what + " → HTTP " + st, fixFor(s, r, fixUrl, keyHint, header, key != null));
        } catch (Exception e) {
            return unanswered(name, what, fixUrl, e);
        }
    }

    /** What a probe got back: the status and the two response headers a fix depends on. */
    record Answer(int status, String contentType, String retryAfter, long ms) {
    }

    private static Answer call(ProducerTemplate template, String method, String url, String body, String header,
                               String key) throws Exception {
        // one endpoint per scheme (the http and https components carry the timeouts); the URL itself goes in
        // CamelHttpUri, so its query string is sent as written
        String endpoint = (url.regionMatches(true, 0, "https:", 0, 6) ? "https" : "http")
            + "://check-probe?throwExceptionOnFailure=false&followRedirects=true";
        long t0 = System.nanoTime();
        Exchange ex = template.send(endpoint, e -> {
            Message m = e.getMessage();
            m.setHeader(Exchange.HTTP_URI, url);
            m.setHeader(Exchange.HTTP_METHOD, method);
            m.setHeader("Accept", ACCEPT);
            if (header != null && key != null) {
                m.setHeader(header, key);
            }
            if (body != null) {
                m.setHeader(Exchange.CONTENT_TYPE, "application/json");
                m.setBody(body);
            }
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ex.getException() != null) {
            throw ex.getException();
        }
        Message m = ex.getMessage();
        return new Answer(m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
            m.getHeader(Exchange.CONTENT_TYPE, "", String.class), m.getHeader("Retry-After", String.class), ms);
    }

    /** A call that got no HTTP answer: the cause as the user can act on it. */
    private SetupCheck.Item unanswered(String name, String what, String fixUrl, Exception e) {
        if (cause(e, ConnectTimeoutException.class) != null) {
            return failed(name, what + " → no connection within http.connect-timeout-ms="
                + settings.get(CoreKeys.HTTP_CONNECT_TIMEOUT_MS) + " ms", fixUrl + " and the network (proxy, firewall)");
        }
        if (cause(e, SocketTimeoutException.class) != null) {
            return failed(name, what + " → no answer within http.response-timeout-ms=" + settings.responseTimeoutMs
                + " ms", "the provider is slow or unreachable: retry later, or raise http.response-timeout-ms");
        }
        UnknownHostException unknown = cause(e, UnknownHostException.class);
        if (unknown != null) {
            return failed(name, what + " → unknown host " + unknown.getMessage(), fixUrl + " and DNS");
        }
        ConnectException refused = cause(e, ConnectException.class);
        if (refused != null) {
            String why = refused.getMessage() == null || refused.getMessage().endsWith("Connection refused") ? "refused"
                : refused.getMessage();
            return failed(name, what + " → cannot connect (" + why + ")", fixUrl + " and that the host is reachable from here");
        }
        if (cause(e, InterruptedException.class) != null) {
            Thread.currentThread().interrupt();
            return failed(name, what + " → interrupted", "run --check again");
        }
        if (cause(e, IOException.class) != null) {
            return failed(name, what + " → " + SetupCheck.oneLine(e), fixUrl + " and the network");
        }
        return failed(name, what + " → not a usable URL (" + SetupCheck.oneLine(e) + ")", fixUrl);
    }

    static String fixFor(Source s, Answer r, String fixUrl, String keyHint, String header, boolean keySent) {
        int status = r.status();
        String type = r.contentType().toLowerCase(Locale.ROOT);
        if ((status == 403 || status == 503) && type.contains("html")) {
            return "the provider answers with a bot-challenge page from this network; try later or from another network,"
                + " or set " + s.enabledKey() + "=false";
        }
        if (status == 401 || status == 403) {
            return header == null ? "the provider refuses this client; " + fixUrl
                : (keySent ? "the key was refused: check " : "a key is needed: set ") + keyHint + " (header " + header + ")";
        }
        if (status == 400 && keySent) {
            return "check " + keyHint + " matches this host (a Demo key on a Pro host, or the reverse, answers 400)";
        }
        if (status == 404 || status == 400) {
            return fixUrl + " (the path does not exist there)";
        }
        if (status == 429) {
            return "rate-limited" + (r.retryAfter() == null ? "" : " (Retry-After " + r.retryAfter() + " s)")
                + ": wait, then run --check again";
        }
        if (status >= 500) {
            return "the provider is failing right now: retry later";
        }
        return fixUrl;
    }

    /**
     * The property a value refers to ({@code {{feargreed.base-url}}/fng/} → feargreed.base-url), for fix hints. A key
     * derived at start-up is not one users set: its {@code <key>.from} names the one they do
     * ({@code coingecko.api-root} → {@code coingecko.base-url (coingecko.plan=public)}).
     */
    private String referencedKey(String key) {
        try {
            String raw = camel.getPropertiesComponent().loadProperties().getProperty(key);
            if (raw != null) {
                Matcher m = PLACEHOLDER.matcher(raw);
                if (m.find()) {
                    return settings.optional(m.group(1) + ".from").orElse(m.group(1));
                }
            }
        } catch (RuntimeException ignored) {
            // only a hint
        }
        return null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static SetupCheck.Item ok(String name, String detail) {
        return new SetupCheck.Item(true, name, detail, null);
    }

    private static SetupCheck.Item failed(String name, String detail, String fix) {
        return new SetupCheck.Item(false, name, detail, fix);
    }
}
