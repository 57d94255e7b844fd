package io.marketintel.source.coingecko;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.marketintel.App;
import io.marketintel.config.ApiKeys;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up refuses a plan that does not fit the key or host, naming coingecko.plan, and never echoes the key. */
class CoinGeckoConfigTest {

    static final String KEY = "CG-ConfigKey11223344";

    record Outcome(int code, String err) {
    }

    static Outcome start(String... kv) throws Exception {
        Path dir = Files.createTempDirectory("cg-config");
        Properties p = new Properties();
        io.marketintel.RouteTestSupport.store(dir.resolve("t.db"));
        p.put("db.path", dir.resolve("t.db").toString());
        p.put("deadletter.path", dir.resolve("dl").toString());
        p.put("backup.csv.path", dir.resolve("backups").toString());
        java.util.Map<String, String> keys = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals(ApiKeys.COINGECKO)) {
                keys.put(kv[i], kv[i + 1]);
            } else {
                p.put(kv[i], kv[i + 1]);
            }
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = App.run(new String[] {"--status"}, p, ApiKeys.of(keys), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_refuse_to_start_with_a_pro_plan_and_no_key_naming_coingecko_plan() throws Exception {
        Outcome o = start("coingecko.plan", "pro");
        assertEquals(App.EXIT_USAGE, o.code(), o.err());
        assertTrue(o.err().contains("coingecko.plan") && o.err().contains("COINGECKO_API_KEY"), o.err());
    }

    @Test
    void should_refuse_a_key_on_the_public_plan_without_printing_it() throws Exception {
        Outcome o = start("coingecko.plan", "public", ApiKeys.COINGECKO, KEY);
        assertEquals(App.EXIT_USAGE, o.code(), o.err());
        assertTrue(o.err().contains("coingecko.plan"), o.err());
        assertFalse(o.err().contains(KEY), o.err());
    }

    @Test
    void should_refuse_a_demo_plan_pointed_at_the_pro_host_a_bad_asset_list_and_more_parts_than_assets() throws Exception {
        Outcome host = start("coingecko.plan", "demo", ApiKeys.COINGECKO, KEY,
            "coingecko.base-url", "https://pro-api.coingecko.com/api/v3");
        assertEquals(App.EXIT_USAGE, host.code(), host.err());
        assertTrue(host.err().contains("coingecko.plan") && host.err().contains("10011"), host.err());

        Outcome assets = start("coingecko.assets", "bitcoin:BTC,ethereum");
        assertEquals(App.EXIT_USAGE, assets.code(), assets.err());
        assertTrue(assets.err().contains("coingecko.assets") && assets.err().contains("id:SYMBOL"), assets.err());

        Outcome shards = start("coingecko.shards", "3");
        assertEquals(App.EXIT_USAGE, shards.code(), shards.err());
        assertTrue(shards.err().contains("coingecko.shards = '3' is more than the 2 asset(s) of coingecko.assets")
            && shards.err().contains("set coingecko.shards to at most 2"), shards.err());

        Outcome ok = start("coingecko.plan", "demo", ApiKeys.COINGECKO, KEY);
        assertEquals(App.EXIT_OK, ok.code(), ok.err());
        assertTrue(ok.err().contains("CoinGecko candles"), ok.err());
    }
}
