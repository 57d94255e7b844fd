package io.marketintel.routes;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.marketintel.store.Sql;
import io.marketintel.store.Stored;
import io.marketintel.store.Utc;
import org.apache.camel.Exchange;

/**
 * Prepares the CSV backup of a table for camel-jdbc and camel-csv: the table's backup SQL (from resources), the
 * day's bounds as bound parameters, and the file name {@code <table>_YYYYMMDD.csv}.
 */
public final class CsvBackup {

    private static final Pattern TABLE = Pattern.compile("[a-z_]{1,40}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final Clock clock;

    public CsvBackup(Clock clock) {
        this.clock = clock;
    }

    public void prepare(Exchange ex) {
        String table = ex.getIn().getBody(Stored.class).table();
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        LocalDate day = Utc.today(clock);
        ex.getIn().setHeader("CamelJdbcParameters", Map.of(
            "day_start", day + "T00:00:00Z",
            "day_end", day.plusDays(1) + "T00:00:00Z"));
        ex.getIn().setHeader(Exchange.FILE_NAME, table + "_" + DAY.format(day) + ".csv");
        ex.getIn().setBody(Sql.load("backup_" + table));
    }

    /** camel-jdbc rows (ordered maps) to CSV records, the column names first. */
    public List<List<Object>> records(List<Map<String, Object>> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size() + 1);
        if (rows.isEmpty()) {
            return out;
        }
        out.add(new ArrayList<>(rows.get(0).keySet()));
        for (Map<String, Object> r : rows) {
            out.add(new ArrayList<>(r.values()));
        }
        return out;
    }
}
