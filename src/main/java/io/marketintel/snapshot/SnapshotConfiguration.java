package io.marketintel.snapshot;

import java.time.Clock;

import io.marketintel.config.Settings;
import io.marketintel.backup.CsvRetention;
import io.marketintel.pipeline.Sources;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Validates the snapshot and backup-cleanup keys (a bad value stops start-up naming the key) and binds the beans
 * their routes call: {@code snapshotDaily} (routes/snapshot-daily.camel.yaml) and {@code csvRetention}
 * (routes/csv-retention.camel.yaml). Listed after CoreConfiguration, which binds {@code settings} and
 * {@code clock}.
 */
public class SnapshotConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) {
        Settings settings = camel.getRegistry().lookupByNameAndType("settings", Settings.class);
        Clock clock = camel.getRegistry().lookupByNameAndType("clock", Clock.class);

        settings.bool("snapshot.enabled");
        settings.cron("snapshot.cron");
        int recomputeDays = settings.intIn("snapshot.recompute-days", 1, 3660);
        int dayMinHours = settings.intIn("snapshot.day-min-hours", 1, 24);
        int volMinReturns = settings.intIn("snapshot.volatility-min-returns", 2, 168);
        camel.getRegistry().bind("snapshotDaily", new SnapshotDaily(clock, recomputeDays, dayMinHours, volMinReturns));

        settings.cron("backup.csv.cleanup-cron");
        camel.getRegistry().bind("csvRetention", new CsvRetention(settings.backupDir, settings.backupRetentionDays, clock,
            camel.getRegistry().findSingleByType(Sources.class).tables()));
    }
}
