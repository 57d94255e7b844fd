package io.marketintel.pipeline;

import io.marketintel.http.EmptyAnswerException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;

import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error policy's judgement: what is retried, and which fix follows which cause. */
class FailuresTest {

    static final String HINT = "check farside.base-url=https://farside.co.uk";
    static final String REFUSED = "Farside refused the request; use the SoSoValue source";

    @Test
    void should_retry_a_dns_failure_and_an_empty_answer_like_a_refused_connection() {
        assertTrue(Failures.isRetryable(new RuntimeException(new UnknownHostException("farside.invalid"))));
        assertTrue(Failures.isRetryable(new EmptyAnswerException("Fear & Greed /fng/: HTTP 200 with an empty body")));
    }

    @Test
    void should_name_the_request_settings_for_a_dns_failure_and_the_refusal_advice_only_for_a_refusal() {
        String dns = Failures.explain(new RuntimeException(new UnknownHostException("farside.invalid")), HINT, REFUSED, 4,
            20_000);
        assertEquals("unknown host farside.invalid (DNS) after 4 attempts; " + HINT, dns);

        HttpOperationFailedException challenge = new HttpOperationFailedException("https://farside.co.uk/btc/", 403,
            "Forbidden", null, Map.of("Content-Type", "text/html"), "<html><title>Just a moment...</title></html>");
        assertTrue(Failures.explain(challenge, HINT, REFUSED, 4, 20_000).endsWith("; " + REFUSED));

        HttpOperationFailedException notFound = new HttpOperationFailedException("https://farside.co.uk/btx/", 404,
            "Not Found", null, Map.of(), "no such page");
        String wrongPath = Failures.explain(notFound, HINT, REFUSED, 1, 20_000);
        assertTrue(wrongPath.endsWith("; " + HINT) && !wrongPath.contains("refused"), wrongPath);
    }

    @Test
    void should_not_blame_the_request_for_a_store_failure() {
        String store = Failures.explain(new RuntimeException(new SQLException("[SQLITE_FULL] database or disk is full")),
            HINT, REFUSED, 1, 20_000);
        assertFalse(store.contains("farside") || store.contains("Farside"), store);
        assertTrue(store.contains("SQLITE_FULL"), store);
    }
}
