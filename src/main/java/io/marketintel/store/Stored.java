package io.marketintel.store;

/** What an upsert wrote: the table and the number of rows, for the run record and the CSV backup. */
public record Stored(String table, int rows) {
}
