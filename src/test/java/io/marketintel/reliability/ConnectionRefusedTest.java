package io.marketintel.reliability;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.marketintel.RouteTestSupport;
import io.marketintel.pipeline.RunResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A refused connection is retried like a 5xx, then dead-lettered with what to check. */
class ConnectionRefusedTest extends RouteTestSupport {

    @Override
    protected Properties extraProperties() {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Properties p = new Properties();
        p.put("feargreed.base-url", "http://127.0.0.1:" + closed);
        p.put("retry.max-redeliveries", "2");
        return p;
    }

    @Test
    void should_retry_a_refused_connection_then_dead_letter_it() throws Exception {
        RunResult r = run("fear-greed");

        assertEquals(RunResult.Outcome.FAILED, r.outcome());
        List<Map<String, Object>> dl = query("SELECT * FROM dead_letter");
        assertEquals(1, dl.size());
        String error = (String) dl.get(0).get("error");
        assertTrue(error.contains("cannot connect") && error.contains("after 3 attempts")
            && error.contains("check feargreed.base-url"), error);
    }
}
