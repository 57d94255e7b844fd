package io.marketintel.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an endpoint answers: the resolved request and paging ({@code meta}), the columns in order and the rows. JSON
 * gives {@code meta} with {@code rows}; CSV gives the columns and rows only (the next page is in the Link header).
 *
 * @param next the path and query of the next page, null on the last one
 * @param csv  format=csv was asked for
 */
public record Answer(Map<String, Object> meta, List<String> columns, List<Map<String, Object>> rows, String next,
                     boolean csv) {

    /** The JSON document: meta, then count, next and rows. */
    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>(meta);
        doc.put("count", rows.size());
        doc.put("next", next);
        doc.put("rows", rows);
        return doc;
    }
}
