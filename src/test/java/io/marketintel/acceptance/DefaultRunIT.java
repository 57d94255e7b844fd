package io.marketintel.acceptance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main promise in the shipped layout: {@code --once} collects every enabled source, exit 0. */
class DefaultRunIT {

    @Test
    void should_collect_every_default_source_with_the_shipped_configuration() throws Exception {
        try (UserInstall u = new UserInstall()) {
            UserInstall.Result r = u.run(120, "--once");
            assertEquals(0, r.exit(), r.console());
            assertTrue(u.apis.requests("/fng/").size() >= 1, "Fear & Greed called");
            assertTrue(u.apis.requests("/api/v3/coins/ethereum/").size() >= 1, "CoinGecko ethereum called");
            assertTrue(u.apis.requests("/eth/").size() >= 1, "Farside ETH called");
        }
    }
}
