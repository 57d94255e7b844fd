package io.marketintel.pipeline;

import java.net.URI;
import java.sql.SQLTransientException;
import java.time.Instant;
import io.marketintel.http.CalledUrl;
import io.marketintel.http.EmptyAnswerException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The error policy's judgement, in one place: which failures are worth another attempt, how long a provider
 * asked us to wait, and a message an operator can act on. Used by {@code ErrorPolicyRoutes} and the dead letter.
 */
public final class Failures {

    private Failures() {
    }

    /** The innermost cause of {@code t} (itself when it has none); null for null. */
    public static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The outermost exception of {@code type} in {@code t}'s cause chain, or null. */
    public static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /**
     * 429, 408, 5xx, a Cloudflare HTML 403, an empty 2xx answer, timeouts, connection and DNS failures (I/O errors)
     * and a locked database are retried.
     */
    public static boolean isRetryable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PayloadException || c instanceof JsonProcessingException) {
                return false;
            }
            if (c instanceof EmptyAnswerException) {
                return true;
            }
            if (c instanceof HttpOperationFailedException h) {
                int s = h.getStatusCode();
                return s == 429 || s == 408 || s >= 500 || (s == 403 && isChallengePage(h));
            }
            if (c instanceof SQLException sql && isLocked(sql)) {
                return true;
            }
            if (c instanceof SQLTransientException) {
                return true;
            }
            // a DNS failure is a connection error like any other: resolvers and networks recover
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    public static HttpOperationFailedException http(Throwable t) {
        return find(t, HttpOperationFailedException.class);
    }

    /**
     * The disk (or the database) is full: SQLite's SQLITE_FULL, PostgreSQL's SQLSTATE 53100, or the operating
     * system's "No space left on device" (ENOSPC) anywhere in the chain.
     */
    public static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("SQLITE_FULL") || m.contains("database or disk is full") || m.contains("No space left on device")
                || (c instanceof SQLException sql && "53100".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line for a full disk: where, what the system said, and the way out. {@code where} is the file or folder
     * that could not be written (null when unknown). Dead letters the database refused are kept as files and
     * imported before the next run; {@code --replay-dead-letters} then stores their payloads.
     */
    public static String diskFull(Throwable t, String where) {
        String said = null;
        for (Throwable c = t; c != null && said == null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("SQLITE_FULL") || m.contains("disk is full") || m.contains("No space left")
                || (c instanceof SQLException sql && "53100".equals(sql.getSQLState()))) {
                said = m;
            }
        }
        return "disk full" + (where == null ? "" : " at " + where) + " (" + said + "); free space there, then run "
            + "--replay-dead-letters";
    }

    static boolean isLocked(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SQLITE_BUSY") || m.contains("database is locked") || m.contains("SQLITE_LOCKED");
    }

    /** A Cloudflare (or similar) HTML block/challenge page instead of the API's answer. */
    public static boolean isChallengePage(HttpOperationFailedException h) {
        String body = h.getResponseBody();
        String type = header(h.getResponseHeaders(), "Content-Type");
        boolean html = (type != null && type.toLowerCase(Locale.ROOT).contains("html"))
            || (body != null && body.stripLeading().startsWith("<"));
        return html && (h.getStatusCode() == 403 || h.getStatusCode() == 429 || h.getStatusCode() == 503);
    }

    /**
     * The wait a 429/503 asked for through {@code Retry-After} (seconds or an HTTP date), capped; null when absent.
     */
    public static Duration retryAfter(HttpOperationFailedException h, Duration cap) {
        if (h == null || (h.getStatusCode() != 429 && h.getStatusCode() != 503)) {
            return null;
        }
        String v = header(h.getResponseHeaders(), "Retry-After");
        if (v == null || v.isBlank()) {
            return null;
        }
        Duration d;
        try {
            d = Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                d = Duration.between(Instant.now(), at.toInstant());
                if (d.isNegative()) {
                    d = Duration.ZERO;
                }
            } catch (RuntimeException ignored) {
                return null;
            }
        }
        return d.compareTo(cap) > 0 ? cap : d;
    }

    static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** {@link #explain(Throwable, String, String, int, long)} for a source whose refusals need no advice of their own. */
    public static String explain(Throwable t, String hint, int attempts, long responseTimeoutMs) {
        return explain(t, hint, null, attempts, responseTimeoutMs);
    }

    /**
     * One line an operator can act on: the cause, then the fix for that cause only.
     * <ul>
     * <li>{@code hint} (exchange property {@code miHint}) names the settings of the request (base URL, key, asset):
     * it follows a rejected request (4xx) and a network failure (timeout, refused connection, unknown host);</li>
     * <li>{@code refusedHint} (exchange property {@code miRefusedHint}, optional) is what to do when the provider
     * refuses this client (a challenge page, 401/403): e.g. another source; the {@code hint} when absent;</li>
     * <li>neither follows a failure of the store or of the program, nor a payload error (its message says it).</li>
     * </ul>
     * {@code attempts} is how many calls were made.
     */
    public static String explain(Throwable t, String hint, String refusedHint, int attempts, long responseTimeoutMs) {
        String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
        String fix = hint == null || hint.isBlank() ? "" : "; " + hint;
        String refused = refusedHint == null || refusedHint.isBlank() ? fix : "; " + refusedHint;
        HttpOperationFailedException h = http(t);
        if (h != null) {
            int s = h.getStatusCode();
            String where = "HTTP " + s + " from " + CalledUrl.stripQuerySecrets(h.getUri());
            if (isChallengePage(h)) {
                return where + ": blocked/rate-limited by the provider (an HTML challenge page instead of the API answer)"
                    + tries + refused;
            }
            if (s == 429) {
                String ra = header(h.getResponseHeaders(), "Retry-After");
                return where + ": blocked/rate-limited by the provider" + (ra != null ? " (Retry-After " + ra + " s)" : "")
                    + tries + "; lower the call rate or wait";
            }
            if (s >= 500 || s == 408) {
                return where + ": the provider failed" + tries + " (" + brief(h.getResponseBody()) + ")";
            }
            if (s == 401 || s == 403) {
                return where + ": refused, not retried (" + brief(h.getResponseBody()) + ")" + refused;
            }
            return where + ": rejected, not retried (" + brief(h.getResponseBody()) + ")" + fix;
        }
        // a failure of the store (database, files) is not fixed at the request's settings, whatever its root
        boolean store = false;
        boolean io = false;
        for (Throwable c = t; c != null; c = c.getCause()) {
            store |= c instanceof SQLException || c instanceof GenericFileOperationFailedException
                || c instanceof FileSystemException;
            io |= c instanceof IOException;
        }
        for (Throwable c = t; c != null && !store; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return "no response within http.response-timeout-ms=" + responseTimeoutMs + " ms" + tries + " ("
                    + c.getMessage() + ")" + fix;
            }
            if (c instanceof ConnectException) {
                return "cannot connect (" + c.getMessage() + ")" + tries + fix;
            }
            if (c instanceof UnknownHostException) {
                return "unknown host " + c.getMessage() + " (DNS)" + tries + fix;
            }
            if (c instanceof EmptyAnswerException) {
                return c.getMessage() + tries;
            }
            if (c instanceof PayloadException) {
                return c.getMessage();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && isLocked(sql)) {
                return "database locked by another process longer than db.busy-timeout-ms" + tries + " (" + c.getMessage() + ")";
            }
            if (isDiskFull(c)) {
                return diskFull(c, null);
            }
            if (c instanceof SQLException) {
                // the store failed, not the API: the source's hint (which names the API) does not apply
                return "the store failed: " + c.getClass().getSimpleName() + ": " + c.getMessage() + tries;
            }
        }
        Throwable root = rootCause(t);
        // the request's settings are the fix for a network failure only, not for the store or a program error
        return root.getClass().getSimpleName() + ": " + root.getMessage() + tries + (io && !store ? fix : "");
    }

    static String brief(String body) {
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        String one = body.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    /**
     * A few words naming a failed attempt that will be retried, for the run summary ("SUCCESS after 2 retries (HTTP
     * 429 from /api/v3/coins/bitcoin/market_chart)"): status and path (no query, no host), or the kind of failure.
     */
    public static String retryCause(Throwable t) {
        HttpOperationFailedException h = http(t);
        if (h != null) {
            String path;
            try {
                path = URI.create(h.getUri()).getPath();
            } catch (IllegalArgumentException e) {
                path = CalledUrl.stripQuerySecrets(h.getUri());
            }
            return "HTTP " + h.getStatusCode() + " from " + path;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return "no response in time";
            }
            if (c instanceof ConnectException) {
                return "cannot connect";
            }
            if (c instanceof SQLException sql && isLocked(sql)) {
                return "database locked";
            }
        }
        Throwable root = rootCause(t);
        return root == null ? "unknown failure" : root.getClass().getSimpleName();
    }
}
