package io.marketintel.source.etf;

import java.util.List;
import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;

import io.marketintel.config.ApiKeys;
import io.marketintel.config.ConfigException;
import io.marketintel.config.Settings;
import io.marketintel.pipeline.IngestRunner;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETF flow sources (Farside, SoSoValue, CSV inbox): validates their keys and binds their parsers and
 * repositories. Runs after {@code CoreConfiguration}, which binds {@code settings}, {@code dataSource},
 * {@code clock} and {@code ingestRunner}. {@code etf.sosovalue.enabled=auto} is resolved here to true when
 * {@code SOSOVALUE_API_KEY} is set, so the schedule and {@code --once} see a plain boolean.
 */
public class EtfConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EtfConfiguration.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        Registry r = camel.getRegistry();
        Settings s = r.lookupByNameAndType("settings", Settings.class);
        DataSource ds = r.lookupByNameAndType("dataSource", DataSource.class);
        Clock clock = r.lookupByNameAndType("clock", Clock.class);
        IngestRunner runner = r.lookupByNameAndType("ingestRunner", IngestRunner.class);

        // each key's own rule is its declaration's (EtfKeys), checked at start by Settings
        List<String> farsideAssets = s.get(EtfKeys.FARSIDE_ASSETS);

        // SoSoValue
        boolean hasKey = s.apiKeys().get(ApiKeys.SOSOVALUE).isPresent();
        String mode = s.get(EtfKeys.SOSOVALUE_ENABLED);
        boolean sosoValue = switch (mode) {
            case "auto" -> hasKey;
            case "true" -> {
                if (!hasKey) {
                    throw new ConfigException("etf.sosovalue.enabled", "= true but SOSOVALUE_API_KEY is not set "
                        + "(set the environment variable, or use auto/false)");
                }
                yield true;
            }
            default -> false;
        };
        camel.getPropertiesComponent().addOverrideProperty("etf.sosovalue.enabled", String.valueOf(sosoValue));
        if ("auto".equals(mode)) {
            // what --check says of the derived switch (the user wrote auto, not true or false)
            camel.getPropertiesComponent().addOverrideProperty("etf.sosovalue.enabled.from", "etf.sosovalue.enabled=auto: "
                + (hasKey ? "on because SOSOVALUE_API_KEY is set" : "off because SOSOVALUE_API_KEY is not set"));
        }

        // CSV inbox
        boolean inboxOn = s.get(EtfKeys.INBOX_ENABLED);
        Path inbox = Path.of(s.get(EtfKeys.INBOX_PATH));
        if (inboxOn) {
            s.writableDir("etf.inbox.path", inbox);
        }

        EtfPrecedence precedence = s.get(EtfKeys.PRECEDENCE);
        LOG.info("ETF sources: farside {} {}, sosovalue {}{}, inbox {} ({}); precedence {}",
            s.get(EtfKeys.FARSIDE_ENABLED) ? "on" : "off", farsideAssets, sosoValue ? "on" : "off",
            "auto".equals(mode) && !hasKey ? " (no SOSOVALUE_API_KEY)" : "", inboxOn ? "on" : "off",
            inbox.toAbsolutePath(), precedence);

        EtfFlowRepository flows = new EtfFlowRepository(ds, clock, precedence);
        EtfCsvParser csv = new EtfCsvParser(flows::assetOf, clock);
        r.bind("farsideParser", new FarsideParser(farsideAssets));
        r.bind("soSoValueMapper", new SoSoValueMapper());
        r.bind("soSoValueKey", new SoSoValueKey(s.apiKeys()));
        r.bind("etfCsvParser", csv);
        r.bind("etfFlowRepository", flows);
        r.bind("etfTotalRepository", new EtfTotalRepository(ds, clock));
        r.bind("etfInbox", new EtfInbox(runner, csv, inbox));
    }
}
