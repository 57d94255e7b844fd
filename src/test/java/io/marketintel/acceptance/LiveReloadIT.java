package io.marketintel.acceptance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live reload in the shipped layout (relative {@code routes} folder, shipped properties, {@code routes.live-reload=true}
 * as the README says): a good edit changes the calls within seconds and is logged once; an edit naming a bean that
 * does not exist is rejected and never logged as reloaded; the previous version keeps collecting.
 */
class LiveReloadIT {

    private static final Pattern RELOADED = Pattern.compile("fear-greed\\.camel\\.yaml reloaded");

    @ParameterizedTest(name = "log level {0}")
    @ValueSource(strings = {"INFO", "DEBUG"})
    void should_apply_a_good_edit_once_and_reject_a_missing_bean(String level) throws Exception {
        try (UserInstall u = new UserInstall()) {
            u.env("LOG_LEVEL", level).timing("feargreed.cron", "0/2 * * * * ?");
            Path yaml = u.home.resolve("routes/fear-greed.camel.yaml");
            Process p = u.start("-Droutes.live-reload=true");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> u.stdout().contains("Live reload of"));
                await().atMost(Duration.ofSeconds(30)).until(() -> !u.apis.requests("/fng/").isEmpty());
                assertTrue(u.apis.requests("/fng/").stream().allMatch(r -> r.query().contains("limit=30")));

                edit(yaml, "/fng/?limit={{feargreed.limit}}", "/fng/?limit=3");
                await().atMost(Duration.ofSeconds(30)).until(() -> u.apis.requests("/fng/").stream()
                    .anyMatch(r -> r.query().contains("limit=3") && !r.query().contains("limit=30")));
                // the new routes run a moment before the line saying so is written
                await().atMost(Duration.ofSeconds(10)).until(() -> count(RELOADED, u.stdout()) >= 1);
                assertEquals(1, count(RELOADED, u.stdout()), "one save, one reload:\n" + u.stdout());

                int before = u.apis.requests("/fng/").size();
                edit(yaml, "value: fearGreedMapper", "value: fearGreedMaper");
                await().atMost(Duration.ofSeconds(30)).until(() -> u.stdout().contains("was not applied"));
                String out = u.stdout();
                assertTrue(out.contains("fearGreedMaper"), "the rejection names the missing bean:\n" + out);
                assertEquals(1, count(RELOADED, out), "a rejected edit is never logged as reloaded:\n" + out);
                // the previous (good, limit=3) version keeps collecting
                await().atMost(Duration.ofSeconds(30)).until(() -> u.apis.requests("/fng/").size() >= before + 2);
                assertTrue(u.apis.requests("/fng/").stream().skip(before).allMatch(r -> r.query().contains("limit=3")));
                assertFalse(out.contains("URI is not hierarchical"), out);
            } finally {
                p.destroy();
                assertTrue(p.waitFor(40, TimeUnit.SECONDS), "SIGTERM stops the scheduler");
            }
            assertFalse(u.logs().contains("URI is not hierarchical"), "no swallowed reload failure in the log");
            assertEquals(1, count(RELOADED, u.logs()), "the log file agrees with the console");
        }
    }

    private static void edit(Path f, String from, String to) throws Exception {
        String s = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(s.contains(from), "shipped text present: " + from);
        Files.writeString(f, s.replace(from, to), StandardCharsets.UTF_8);
    }

    private static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
