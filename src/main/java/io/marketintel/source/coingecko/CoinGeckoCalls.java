package io.marketintel.source.coingecko;

import io.marketintel.pipeline.ExchangeProperties;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.marketintel.http.Answers;
import io.marketintel.http.EmptyAnswerException;
import io.marketintel.pipeline.Failures;
import io.marketintel.pipeline.RunTracker;
import io.marketintel.store.Stored;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camel side of a CoinGecko call ({@code direct:coingecko-call}): builds the request from the
 * {@link CoinGeckoRequest} (the key only as a header, never in the URI), and reads the status itself so that a
 * failure names the asset and the property to fix (CoinGecko's "coin not found" → {@code coingecko.assets}; its
 * "Incorrect path" → {@code coingecko.base-url}, or {@code coingecko.pro-base-url} on the pro plan; a key on the wrong
 * host, error 10010/10011, or a plan-restricted endpoint → {@code coingecko.plan}). An empty 200 fails the call too. The failure it throws is camel-http's
 * own {@link HttpOperationFailedException}, so the shared error policy retries 429/5xx exactly as for any source.
 */
public final class CoinGeckoCalls {

    /** Exchange property: the request being made (set by the fetch route). */
    public static final String REQUEST = "cgRequest";
    /** Exchange property: the asset's plan for this run (set by the asset route). */
    public static final String PLAN = "cgPlan";

    private static final Logger LOG = LoggerFactory.getLogger(CoinGeckoCalls.class);
    private static final Pattern ERROR_CODE = Pattern.compile("\"error_code\"\\s*:\\s*(\\d+)");
    private static final Pattern ERROR_TEXT = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]*)\"");

    private final CoinGeckoSettings settings;
    private final RunTracker tracker;

    public CoinGeckoCalls(CoinGeckoSettings settings, RunTracker tracker) {
        this.settings = settings;
        this.tracker = tracker;
    }

    /** Before the HTTP call: nothing from earlier steps leaks into the request; the key goes in its header. */
    public void prepare(Exchange ex) {
        CoinGeckoRequest r = ex.getProperty(REQUEST, CoinGeckoRequest.class);
        Message m = ex.getMessage();
        // the whole call is redelivered by the caller's error policy: its counter headers must survive, or a
        // failing call would be retried for ever (Camel sends no Camel* header over HTTP)
        m.removeHeaders("*", "CamelRedelivery*");
        m.setBody(null);
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_PATH, r.path());
        m.setHeader(Exchange.HTTP_QUERY, r.query());
        m.setHeader("Accept", "application/json");
        if (settings.plan().needsKey()) {
            m.setHeader(settings.plan().keyHeader(), settings.apiKey());
        }
    }

    /** After the HTTP call (throwExceptionOnFailure=false): the key header is dropped; a non-2xx answer fails. */
    public void check(Exchange ex) throws HttpOperationFailedException {
        Message m = ex.getMessage();
        for (Plan p : Plan.values()) {
            if (p.keyHeader() != null) {
                m.removeHeader(p.keyHeader());
            }
        }
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        CoinGeckoRequest r = ex.getProperty(REQUEST, CoinGeckoRequest.class);
        String body = m.getBody(String.class);
        if (status >= 200 && status < 300) {
            if (body == null || body.isBlank()) {
                // every CoinGecko data call has data: an empty 200 is a failed call (retried), never "nothing new"
                throw new EmptyAnswerException(Answers.emptyAnswer(r.describe(), status,
                    settings.apiRoot() + r.path() + "?" + r.query(), r.kind().expected()));
            }
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        m.getHeaders().forEach((k, v) -> {
            if (v != null && !k.startsWith("Camel") && !k.startsWith("camel")) {
                headers.put(k, v.toString());
            }
        });
        String uri = settings.apiRoot() + r.path() + "?" + r.query();
        HttpOperationFailedException failure = new HttpOperationFailedException(uri, status,
            m.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class), null, headers, body);
        String hint = hint(status, body, r);
        if (hint != null) {
            ex.setProperty(ExchangeProperties.HINT, hint);
        }
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429
            && !Failures.isChallengePage(failure);
        if (permanent) {
            AssetPlan plan = ex.getProperty(PLAN, AssetPlan.class);
            if (plan != null && plan.getRequests().size() > 1) {
                plan.stop("HTTP " + status);
                LOG.warn("{}: HTTP {} will not change on retry; the asset's other calls are skipped in this run", r.describe(),
                    status);
            }
        }
        // the dead letter keeps the response (in the exception), not a request body
        m.setBody(null);
        throw failure;
    }

    /** The property to fix, said for this asset and call; null where the shared explanation is enough. */
    String hint(int status, String body, CoinGeckoRequest r) {
        String who = r.describe();
        String plan = settings.plan().property();
        Integer code = errorCode(body);
        if (code != null && code == 10010) {
            return who + ": CoinGecko error 10010, a paid (Pro) key sent to " + settings.apiRoot() + ": set coingecko.plan=pro"
                + " (it uses coingecko.pro-base-url); coingecko.plan is '" + plan + "'";
        }
        if (code != null && code == 10011) {
            return who + ": CoinGecko error 10011, a Demo key sent to the Pro host " + settings.apiRoot()
                + ": set coingecko.plan=demo (it uses coingecko.base-url); coingecko.plan is '" + plan + "'";
        }
        if (code != null && (code == 10005 || code == 10012)) {
            return who + ": CoinGecko error " + code + ", this endpoint is not in the key's plan: coingecko.plan=" + plan
                + " needs a matching key (pro = paid plans only; demo/public use only free endpoints)";
        }
        if (code != null && code == 10002) {
            return who + ": CoinGecko error 10002, no key reached CoinGecko: set COINGECKO_API_KEY and coingecko.plan";
        }
        if (status == 404) {
            String error = errorText(body).toLowerCase(Locale.ROOT);
            if (error.contains("coin not found")) {
                return who + ": coin id '" + r.asset().id() + "' is unknown to CoinGecko: fix coingecko.assets"
                    + " (ids are listed by GET /coins/list)";
            }
            String root = "check " + settings.apiRootOrigin() + ": it must be CoinGecko's API root, "
                + (settings.plan() == Plan.PRO ? "https://" + CoinGeckoSettings.PRO_HOST : "https://" + CoinGeckoSettings.PUBLIC_HOST)
                + "/api/v3, and is " + settings.apiRoot();
            if (error.contains("incorrect path")) {
                return who + ": CoinGecko has no path " + r.path() + " under " + settings.apiRoot() + "; " + root;
            }
            return who + ": not found, and not CoinGecko's 'coin not found': " + root + "; and coin id '" + r.asset().id()
                + "' must be in GET /coins/list (coingecko.assets)";
        }
        if (status == 400 || status == 401 || status == 403) {
            return who + ": refused (HTTP " + status + "): check coingecko.plan ('" + plan + "'; a key on the wrong host "
                + "is refused) and COINGECKO_API_KEY, and the coin id in coingecko.assets";
        }
        return who;
    }

    /** The text of CoinGecko's flat error shape {@code {"error":"..."}}; empty when the body has none. */
    static String errorText(String body) {
        if (body == null) {
            return "";
        }
        Matcher m = ERROR_TEXT.matcher(body);
        return m.find() ? m.group(1) : "";
    }

    static Integer errorCode(String body) {
        if (body == null) {
            return null;
        }
        Matcher m = ERROR_CODE.matcher(body);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** What this run stored in ohlc_hourly so far: the CSV backup is written once per run from it. */
    public Stored storedThisRun(String runId) {
        RunTracker.Stats s = tracker.get(runId);
        AtomicInteger n = s == null ? null : s.rowsByTable().get(OhlcRepository.TABLE);
        return new Stored(OhlcRepository.TABLE, n == null ? 0 : n.get());
    }
}
