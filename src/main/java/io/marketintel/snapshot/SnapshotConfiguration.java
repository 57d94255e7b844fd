package io.marketintel.snapshot;

import java.time.Clock;

import io.marketintel.config.CoreKeys;
import io.marketintel.config.Settings;
import io.marketintel.backup.CsvRetention;
import io.marketintel.pipeline.Sources;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Binds the beans
 * their routes call: {@code snapshotDaily} (routes/snapshot-daily.camel.yaml) and {@code csvRetention}
 * (routes/csv-retention.camel.yaml). Listed after CoreConfiguration, which binds {@code settings} and
 * {@code clock}.
 */
public class SnapshotConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) {
        Settings settings = camel.getRegistry().lookupByNameAndType("settings", Settings.class);
        Clock clock = camel.getRegistry().lookupByNameAndType("clock", Clock.class);

        int recomputeDays = settings.get(SnapshotKeys.RECOMPUTE_DAYS);
        int dayMinHours = settings.get(SnapshotKeys.DAY_MIN_HOURS);
        int volMinReturns = settings.get(SnapshotKeys.VOLATILITY_MIN_RETURNS);
        camel.getRegistry().bind("snapshotDaily", new SnapshotDaily(clock, recomputeDays, dayMinHours, volMinReturns));

        camel.getRegistry().bind("csvRetention", new CsvRetention(settings.backupDir, settings.backupRetentionDays, clock,
            camel.getRegistry().findSingleByType(Sources.class).tables()));
    }
}
