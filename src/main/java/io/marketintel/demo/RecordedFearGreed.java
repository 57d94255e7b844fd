package io.marketintel.demo;

import java.io.IOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A recorded Alternative.me {@code /fng/?limit=365} answer (newest first, one entry per UTC day, every number a
 * string), replayed as if fetched today: every {@code timestamp} moves by the same whole number of days so that the
 * newest entry is today's 00:00 UTC. Values, classifications and the recorded gaps (a skipped day stays skipped) are
 * unchanged. {@code limit} is honoured as the API does it: the newest N entries, 0 = all. No Camel imports.
 */
public final class RecordedFearGreed {

    static final long DAY_SECONDS = 86_400L;

    /** One entry: its day (epoch seconds, 00:00 UTC) and its other fields as recorded, in order. */
    record Entry(long timestamp, Map<String, String> fields) {
    }

    private final String name;
    private final List<Entry> entries;

    private RecordedFearGreed(String name, List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the recording has no entries");
        }
        this.name = name;
        this.entries = List.copyOf(entries);
    }

    public static RecordedFearGreed parse(String json) throws IOException {
        String name = "Fear and Greed Index";
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a Fear & Greed object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("name".equals(field)) {
                    name = p.getText();
                } else if ("data".equals(field)) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> fields = new LinkedHashMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String key = p.currentName();
                            p.nextToken();
                            fields.put(key, p.getText());
                        }
                        entries.add(new Entry(Long.parseLong(fields.get("timestamp")), fields));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new RecordedFearGreed(name, entries);
    }

    /** The newest recorded day, before re-stamping. */
    public LocalDate newestDay() {
        return LocalDate.ofEpochDay(Math.floorDiv(entries.get(0).timestamp(), DAY_SECONDS));
    }

    public LocalDate oldestDay() {
        return LocalDate.ofEpochDay(Math.floorDiv(entries.get(entries.size() - 1).timestamp(), DAY_SECONDS));
    }

    public int size() {
        return entries.size();
    }

    /** Whole days that make the newest entry {@code today}. */
    public long shiftDays(LocalDate today) {
        return ChronoUnit.DAYS.between(newestDay(), today);
    }

    /** The answer to {@code /fng/?limit=N} on {@code today} (UTC). */
    public String render(LocalDate today, int limit) {
        long shift = shiftDays(today) * DAY_SECONDS;
        int n = limit <= 0 ? entries.size() : Math.min(limit, entries.size());
        StringBuilder sb = new StringBuilder(n * 110 + 100);
        sb.append("{\"name\": ").append(quote(name)).append(", \"data\": [");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, String> f : entries.get(i).fields().entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                String value = "timestamp".equals(f.getKey())
                    ? Long.toString(entries.get(i).timestamp() + shift) : f.getValue();
                sb.append(quote(f.getKey())).append(": ").append(quote(value));
            }
            sb.append('}');
        }
        return sb.append("], \"metadata\": {\"error\": null}}").toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
