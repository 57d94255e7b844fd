package io.marketintel.api;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** An {@link Answer} as CSV (RFC 4180, one header line): the columns in order, NULL as an empty field. */
final class CsvText {

    private CsvText() {
    }

    static String of(Answer a) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(a.columns().toArray(String[]::new)).get())) {
            for (Map<String, Object> row : a.rows()) {
                for (String c : a.columns()) {
                    p.print(row.get(c));
                }
                p.println();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
