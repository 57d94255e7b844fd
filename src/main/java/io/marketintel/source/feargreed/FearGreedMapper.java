package io.marketintel.source.feargreed;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketintel.pipeline.Mapped;
import io.marketintel.pipeline.PayloadException;

/**
 * Alternative.me {@code GET /fng/} payload to rows. Every number arrives as a string; {@code timestamp} is
 * UNIX seconds at 00:00 UTC of the day. Days the API skips stay absent.
 */
public final class FearGreedMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Mapped<SentimentRow> map(String payload) {
        if (payload == null || payload.isBlank()) {
            // the call step retries an empty answer; this is a stored one (a replay): nothing to store from it
            throw new PayloadException("Fear & Greed /fng/: the answer is an empty body where the index was expected");
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PayloadException("Fear & Greed response is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PayloadException("Fear & Greed response could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PayloadException("Fear & Greed response is not a JSON object");
        }
        JsonNode error = root.path("metadata").path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new PayloadException("Fear & Greed API reported an error: " + error.asText());
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            throw new PayloadException("Fear & Greed response has no data[] array (the API shape changed?)");
        }
        if (data.isEmpty()) {
            // the API always has today's value: an empty list is no data where data is expected
            throw new PayloadException("Fear & Greed /fng/: data[] is empty where at least today's index was expected;"
                + " nothing stored, nothing removed");
        }
        Mapped<SentimentRow> out = new Mapped<>();
        for (JsonNode item : data) {
            try {
                out.add(row(item));
            } catch (IllegalArgumentException e) {
                out.reject(item.toString(), e.getMessage());
            }
        }
        return out;
    }

    static SentimentRow row(JsonNode item) {
        String ts = required(item, "timestamp");
        String value = required(item, "value");
        String cls = required(item, "value_classification");
        long seconds;
        int v;
        try {
            seconds = Long.parseLong(ts.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timestamp is not UNIX seconds: '" + ts + "'");
        }
        try {
            v = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value is not an integer: '" + value + "'");
        }
        if (v < 0 || v > 100) {
            throw new IllegalArgumentException("value " + v + " is outside 0..100");
        }
        if (cls.isBlank()) {
            throw new IllegalArgumentException("value_classification is empty");
        }
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(seconds), ZoneOffset.UTC);
        return new SentimentRow(day, v, cls);
    }

    private static String required(JsonNode item, String field) {
        JsonNode n = item.get(field);
        if (n == null || n.isNull() || !n.isValueNode()) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return n.asText();
    }
}
