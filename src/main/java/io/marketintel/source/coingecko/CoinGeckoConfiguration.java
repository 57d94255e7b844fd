package io.marketintel.source.coingecko;

import java.time.Clock;

import javax.sql.DataSource;

import io.marketintel.config.Settings;
import io.marketintel.pipeline.RunTracker;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CoinGecko's beans, after {@code CoreConfiguration} (which binds settings, dataSource, clock, runTracker):
 * validates the {@code coingecko.*} and {@code sessions.*} keys (a bad value stops start-up naming its key), then
 * binds the repository, mapper, planner and call helper the YAML routes use by name. Derived properties feed the
 * routes: {@code coingecko.api-root} (the plan's host; {@code coingecko.api-root.from} names the key users set for
 * it) and {@code coingecko.throttle-period-ms}.
 */
public class CoinGeckoConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CoinGeckoConfiguration.class);

    @Override
    public void configure(CamelContext camel) {
        Registry r = camel.getRegistry();
        Settings settings = r.lookupByNameAndType("settings", Settings.class);
        DataSource ds = r.lookupByNameAndType("dataSource", DataSource.class);
        Clock clock = r.lookupByNameAndType("clock", Clock.class);
        RunTracker tracker = r.lookupByNameAndType("runTracker", RunTracker.class);
        // the assets' split runs on this bounded pool (coingecko.parallel-assets threads; 1 = one asset at a time)
        int parallel = settings.get(CoinGeckoKeys.PARALLEL_ASSETS);
        r.bind("coingeckoAssetPool", camel.getExecutorServiceManager().newFixedThreadPool(this, "coingecko-asset", parallel));
        CoinGeckoSettings cg = CoinGeckoSettings.load(settings);

        PropertiesComponent pc = camel.getPropertiesComponent();
        pc.addOverrideProperty(CoinGeckoKeys.API_ROOT.name(), cg.apiRoot());
        // a derived key is never what a user fixes: messages name the key it comes from (SetupCheck reads <key>.from)
        pc.addOverrideProperty(CoinGeckoKeys.API_ROOT.name() + ".from", cg.apiRootOrigin());
        pc.addOverrideProperty(CoinGeckoKeys.THROTTLE_PERIOD_MS.name(), Long.toString(cg.throttlePeriodMs()));
        // for --check's /ping probe: the header the plan sends its key in (none for the keyless plan)
        pc.addOverrideProperty(CoinGeckoKeys.KEY_HEADER.name(), cg.plan().keyHeader() == null ? "" : cg.plan().keyHeader());

        OhlcRepository repository = new OhlcRepository(ds, clock);
        r.bind("ohlcRepository", repository);
        r.bind("coingeckoMapper", new CoinGeckoMapper(cg.sessions(), clock));
        r.bind("coingeckoPlanner", new CoinGeckoPlanner(cg, repository, clock));
        r.bind("coingeckoCalls", new CoinGeckoCalls(cg, tracker));
        // its part of --status: per asset, newest candle, counts by quality, gaps in the window
        r.bind("coingeckoStatus", new OhlcStatus(r.lookupByNameAndType("dataSource", DataSource.class),
            cg.windowDays(), cg.assets().stream().map(CoinGeckoAsset::symbol).toList()));
        LOG.info("CoinGecko {}: {}", cg.enabled() ? "enabled" : "disabled", cg);
    }
}
