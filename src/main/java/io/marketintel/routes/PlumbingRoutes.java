package io.marketintel.routes;

import io.marketintel.source.Mapped;
import io.marketintel.store.Stored;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The shared plumbing every source route uses: the dead letter, the records check, the run record and the CSV
 * backup. Source-specific logic stays in the YAML routes and the mappers.
 */
public class PlumbingRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // the dead letter channel's target: record what could not be stored, then the run goes on
        from("direct:dead-letter").routeId("dead-letter")
            .bean("deadLetters", "failed");

        // after a mapper: warn on an empty payload, dead-letter each rejected record; the body passes through
        from("direct:records-check").routeId("records-check")
            .choice()
                .when(e -> {
                    Mapped<?> m = e.getIn().getBody(Mapped.class);
                    return m.getRows().isEmpty() && m.getRejects().isEmpty();
                })
                    .log(LoggingLevel.WARN, "${exchangeProperty.miSource}: the response held no records; nothing stored, nothing removed")
                    .bean("runTracker", "warn(${exchangeProperty.miRunId}, 'empty response: no records')")
            .end()
            .split(simple("${body.rejects}"))
                .bean("deadLetters", "rejected")
            .end();

        // the run record counts what each upsert stored
        from("direct:run-record").routeId("run-record")
            .bean("runTracker", "stored(${exchangeProperty.miRunId}, ${body})");

        // the day's backup of a table: every row stored today, one header, streamed to a temp name then renamed
        from("direct:csv-backup").routeId("csv-backup")
            .filter(e -> e.getContext().getPropertiesComponent().resolveProperty("backup.csv.enabled")
                .map(Boolean::parseBoolean).orElse(false) && e.getIn().getBody(Stored.class).rows() > 0)
                .bean("csvBackup", "write")
                .log(LoggingLevel.DEBUG, "CSV backup written: ${body.file} (${body.rows} rows)")
            .end();
    }
}
