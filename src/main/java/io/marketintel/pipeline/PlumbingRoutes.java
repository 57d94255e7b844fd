package io.marketintel.pipeline;

import io.marketintel.http.Answers;
import io.marketintel.store.Stored;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared plumbing every source route uses: the dead letter, the records check, the run record and the CSV
 * backup. Source-specific logic stays in the YAML routes and the mappers.
 */
public class PlumbingRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(PlumbingRoutes.class);

    @Override
    public void configure() {
        // the dead letter channel's target: record what could not be stored, then the run goes on
        from("direct:dead-letter").routeId("dead-letter")
            .bean("deadLetters", "failed");

        // after a mapper: warn on an empty payload; most records failing one check is a changed API shape, one dead
        // letter for the payload; each other rejected record is dead-lettered alone; the body passes through
        from("direct:records-check").routeId("records-check")
            .choice()
                .when(e -> {
                    Mapped<?> m = e.getIn().getBody(Mapped.class);
                    return m.getRows().isEmpty() && m.getRejects().isEmpty();
                })
                    .process(PlumbingRoutes::noRecords)
                .when(e -> e.getIn().getBody(Mapped.class).getShapeChange() != null)
                    .bean("deadLetters", "shapeChanged")
            .end()
            .split(simple("${body.recordRejects}"))
                .bean("deadLetters", "rejected")
            .end();

        // the run record counts what each upsert stored, in memory and in ingest_run (a run cut short keeps its count)
        from("direct:run-record").routeId("run-record")
            .bean("runTracker", "stored(${exchangeProperty.miRunId}, ${body})")
            .bean("ingestRunner", "committed(${exchangeProperty.miRunId})");

        // the day's backup of a table: every row stored today, one header, streamed to a temp name then renamed
        from("direct:csv-backup").routeId("csv-backup")
            .filter(e -> e.getContext().getPropertiesComponent().resolveProperty("backup.csv.enabled")
                .map(Boolean::parseBoolean).orElse(false) && e.getIn().getBody(Stored.class).rows() > 0)
                .bean("csvBackup", "write")
                .log(LoggingLevel.DEBUG, "CSV backup written: ${body.file} (${body.rows} rows)")
            .end();
    }

    /** A well-formed answer without records: a warning naming the source and the call (asset, endpoint, page). */
    static void noRecords(Exchange e) {
        String call = e.getProperty(Answers.CALL, String.class);
        String warning = e.getProperty(IngestRunner.SOURCE, String.class) + (call == null ? "" : " " + call)
            + ": the response held no records; nothing stored, nothing removed";
        LOG.warn(warning);
        RunTracker tracker = e.getContext().getRegistry().lookupByNameAndType("runTracker", RunTracker.class);
        if (tracker != null) {
            tracker.warn(e.getProperty(IngestRunner.RUN_ID, String.class), warning);
        }
    }
}
