package io.marketintel.source.coingecko;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.marketintel.pipeline.Mapped;
import io.marketintel.pipeline.PayloadException;
import io.marketintel.store.Utc;

/**
 * CoinGecko payloads to hourly rows, read with Jackson's streaming parser (no tree per payload): one hour bucket per
 * UTC hour is all that is kept while reading.
 * <ul>
 * <li>{@link #halfHourly}: {@code /ohlc?days=1} gives 30-minute candles {@code [close_ms, open, high, low, close]};
 * the pair closing at HH:30 and HH+1:00 is the hour [HH:00, HH+1:00): open of the first, close of the second, max
 * high, min low, {@code quality='ohlc'}. The newest hour, still in progress, is {@code provisional}. An hour missing a
 * half anywhere else (the first hour of the 24-hour reach, a hole) is left out: it is not a true hourly candle.</li>
 * <li>{@link #hourly}: {@code /ohlc/range?interval=hourly} (paid) gives true hourly candles stamped with their close
 * time; {@code ts_utc} is that time minus one hour.</li>
 * <li>{@link #sampled}: {@code /market_chart} gives ~one price sample per hour at random minutes; samples are bucketed
 * per UTC hour (open/close = first/last sample, high/low = max/min), {@code volume_24h_usd} = {@code total_volumes}
 * at the hour's last sample (a rolling 24-hour figure), {@code quality='sampled'}. Hours without a sample stay
 * missing; two samples in one hour merge. The hour in progress is left to the forward call.</li>
 * </ul>
 * Data checks: a candle with high &lt; low, a non-positive price, or open/close outside [low, high] (and a
 * non-positive price sample) is rejected with its values; the rest of the payload is stored.
 * No Camel imports: unit-tested on its own.
 */
public final class CoinGeckoMapper {

    static final long HALF_HOUR = 1_800_000L;
    static final long HOUR = 3_600_000L;

    /**
     * Jackson's USE_FAST_DOUBLE_PARSER (FastDoubleParser) gives the same double as Double.parseDouble for every input
     * (both round to the nearest), with less CPU: parsing prices was the largest part of the mapping in a profile.
     */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private final Sessions sessions;
    private final Clock clock;

    public CoinGeckoMapper(Sessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Called by the store route ({@code coingecko-ohlc-store}) with the response text, the request's kind and the
     * asset's symbol: what a dead letter keeps, so a replay reads its stored payload the same way.
     */
    public Mapped<OhlcRow> read(String payload, String kind, String asset) {
        Instant now = clock.instant();
        return switch (CoinGeckoRequest.Kind.valueOf(kind)) {
            case OHLC_30M -> halfHourly(payload, asset, now);
            case OHLC_HOURLY -> hourly(payload, asset, now);
            case MARKET_CHART -> sampled(payload, asset, now);
        };
    }

    // ---- /ohlc?days=1: 30-minute candles merged into hours ------------------------------------------------------

    public Mapped<OhlcRow> halfHourly(String payload, String asset, Instant now) {
        Mapped<OhlcRow> out = new Mapped<>();
        // hour open ms -> [first half, second half]
        TreeMap<Long, Candle[]> hours = new TreeMap<>();
        TreeSet<Long> closes = new TreeSet<>();
        readCandles(payload, asset, "/ohlc", out, c -> {
            closes.add(c.closeMs);
            long halfEnd = ceil(c.closeMs, HALF_HOUR);
            long hourOpen = Math.floorDiv(halfEnd - 1, HOUR) * HOUR;
            int half = halfEnd - hourOpen == HALF_HOUR ? 0 : 1;
            Candle[] pair = hours.computeIfAbsent(hourOpen, k -> new Candle[2]);
            // a repeated half (an answer overlapping itself) keeps the later reading
            if (pair[half] == null || pair[half].closeMs <= c.closeMs) {
                pair[half] = c;
            }
        });
        long nowMs = now.toEpochMilli();
        Long newest = hours.isEmpty() ? null : hours.lastKey();
        for (Map.Entry<Long, Candle[]> e : hours.entrySet()) {
            long open = e.getKey();
            Candle first = e.getValue()[0];
            Candle second = e.getValue()[1];
            boolean isNewest = e.getKey().equals(newest);
            if (first != null && second != null) {
                boolean complete = second.closeMs == open + HOUR && open + HOUR <= nowMs;
                out.add(row(asset, open, first.open, Math.max(first.high, second.high), Math.min(first.low, second.low),
                    second.close, complete ? OhlcRow.OHLC : OhlcRow.PROVISIONAL));
            } else if (first != null && isNewest) {
                // the hour in progress: its first half so far, replaced once the hour is complete
                out.add(row(asset, open, first.open, first.high, first.low, first.close, OhlcRow.PROVISIONAL));
            }
            // any other hour missing a half is not a true hourly candle: left out (a gap, or kept from before)
        }
        if (out.getRows().isEmpty() && !closes.isEmpty()) {
            throw new PayloadException(asset + " /ohlc: " + unpaired(closes));
        }
        return out;
    }

    /** Sound candles that make no hour: what came (how many, how far apart, when) and why it is not usable. */
    static String unpaired(NavigableSet<Long> closes) {
        long spacing = 0;
        Long prev = null;
        for (long c : closes) {
            if (prev != null && (spacing == 0 || c - prev < spacing)) {
                spacing = c - prev;
            }
            prev = c;
        }
        String what = "received " + closes.size() + " candle(s)" + (spacing > 0 ? " " + duration(spacing) + " apart" : "")
            + ", closing " + Utc.iso(Instant.ofEpochMilli(closes.first()))
            + (closes.size() > 1 ? " to " + Utc.iso(Instant.ofEpochMilli(closes.last())) : "")
            + ", and no two 30-minute candles of one hour: an hourly candle is made of the two 30-minute candles that"
            + " /ohlc?days=1 answers";
        if (spacing == 4 * HOUR) {
            what += "; these are the 4-hour candles CoinGecko answers when days > 2 (3-30 days) on the public and demo"
                + " plans, so the answer was not for days=1 (a cache or proxy in front of coingecko.base-url?)";
        } else if (spacing > HALF_HOUR) {
            what += "; CoinGecko chooses the candle size from days (30 minutes for 1-2 days, 4 hours for 3-30 days,"
                + " 4 days beyond)";
        }
        return what + "; nothing stored from this answer";
    }

    private static String duration(long ms) {
        if (ms % (24 * HOUR) == 0) {
            return ms / (24 * HOUR) + "-day";
        }
        if (ms % HOUR == 0) {
            return ms / HOUR + "-hour";
        }
        return (ms / 60_000) + "-minute";
    }

    // ---- /ohlc/range?interval=hourly (paid): hourly candles ----------------------------------------------------

    public Mapped<OhlcRow> hourly(String payload, String asset, Instant now) {
        Mapped<OhlcRow> out = new Mapped<>();
        TreeMap<Long, Candle> hours = new TreeMap<>();
        readCandles(payload, asset, "/ohlc/range", out, c -> {
            long open = ceil(c.closeMs, HOUR) - HOUR;
            Candle prev = hours.get(open);
            if (prev == null || prev.closeMs <= c.closeMs) {
                hours.put(open, c);
            }
        });
        long nowMs = now.toEpochMilli();
        for (Map.Entry<Long, Candle> e : hours.entrySet()) {
            long open = e.getKey();
            Candle c = e.getValue();
            boolean complete = c.closeMs == open + HOUR && open + HOUR <= nowMs;
            out.add(row(asset, open, c.open, c.high, c.low, c.close, complete ? OhlcRow.OHLC : OhlcRow.PROVISIONAL));
        }
        return out;
    }

    // ---- /market_chart: ~hourly samples bucketed per UTC hour ----------------------------------------------------

    public Mapped<OhlcRow> sampled(String payload, String asset, Instant now) {
        Mapped<OhlcRow> out = new Mapped<>();
        if (payload == null || payload.isBlank()) {
            throw new PayloadException(asset + " /market_chart: the answer is an empty body where price samples were"
                + " expected");
        }
        TreeMap<Long, Bucket> buckets = new TreeMap<>();
        boolean sawPrices = false;
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new PayloadException(asset + " /market_chart: the response is not a JSON object (the API shape changed?)");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "prices" -> {
                        expectArray(p, value, asset, "prices");
                        sawPrices = true;
                        readSeries(p, asset, out, buckets, true);
                    }
                    case "total_volumes" -> {
                        expectArray(p, value, asset, "total_volumes");
                        readSeries(p, asset, out, buckets, false);
                    }
                    case "error", "status" -> throw new PayloadException(asset + " /market_chart: the API answered with an error: "
                        + brief(payload));
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new PayloadException(asset + " /market_chart: unexpected " + t + " in the response");
            }
        } catch (JsonParseException e) {
            throw new PayloadException(asset + " /market_chart: the response is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PayloadException(asset + " /market_chart: the response could not be read: " + e.getMessage(), e);
        }
        if (!sawPrices) {
            throw new PayloadException(asset + " /market_chart: the response has no prices[] array (the API shape changed?)");
        }
        if (buckets.values().stream().noneMatch(b -> b.hasPrice) && out.getRejects().isEmpty()) {
            throw new PayloadException(asset + " /market_chart: prices[] is empty where price samples were expected;"
                + " nothing stored from this answer");
        }
        long nowMs = now.toEpochMilli();
        for (Map.Entry<Long, Bucket> e : buckets.entrySet()) {
            long open = e.getKey();
            Bucket b = e.getValue();
            if (!b.hasPrice || open + HOUR > nowMs) {
                continue;   // volume without price, or the hour in progress (the forward call covers it)
            }
            out.add(new OhlcRow(asset, open, b.open, b.high, b.low, b.close, b.hasVolume ? b.volume : null,
                OhlcRow.SAMPLED, sessions.of(open)));
        }
        return out;
    }

    private void readSeries(JsonParser p, String asset, Mapped<OhlcRow> out, TreeMap<Long, Bucket> buckets,
                            boolean prices) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (prices) {
                // price samples are the payload's records (samples of one hour make one row)
                out.countRecord();
            }
            if (t != JsonToken.START_ARRAY) {
                String text = t.isStructStart() ? t.asString() + "…" : p.getText();
                p.skipChildren();
                if (prices) {
                    out.reject(text, asset + " price sample is not a [time, price] pair");
                }
                continue;
            }
            JsonToken a = p.nextToken();
            if (!isNumber(a)) {
                skipAfter(p, a);
                if (prices) {
                    out.reject("[…]", asset + " price sample has no numeric time");
                }
                continue;
            }
            long ts = epochMillis(p, a);
            JsonToken b = p.nextToken();
            if (!isNumber(b)) {
                String text = "[" + ts + (b == JsonToken.END_ARRAY ? "" : ", " + (b.isStructStart() ? "…" : p.getText())) + "]";
                skipAfter(p, b);
                if (prices) {
                    out.reject(text, asset + " price sample is not a [time, price] pair of numbers");
                }
                continue;
            }
            double v = p.getDoubleValue();
            if (p.nextToken() != JsonToken.END_ARRAY) {
                skipRestOfArray(p);
            }
            long hour = Math.floorDiv(ts, HOUR) * HOUR;
            if (prices) {
                if (!(v > 0) || Double.isInfinite(v)) {
                    out.reject("[" + ts + ", " + number(v) + "]", asset + " price sample at " + Utc.iso(Instant.ofEpochMilli(ts))
                        + " is not a positive number");
                    continue;
                }
                buckets.computeIfAbsent(hour, k -> new Bucket()).addPrice(ts, v);
            } else if (v >= 0 && !Double.isInfinite(v)) {
                buckets.computeIfAbsent(hour, k -> new Bucket()).addVolume(ts, v);
            }
        }
    }

    // ---- candle arrays -------------------------------------------------------------------------------------------

    private interface CandleSink {
        void accept(Candle c);
    }

    /** Reads {@code [[close_ms, open, high, low, close], ...]}; each checked candle goes to the sink. */
    private void readCandles(String payload, String asset, String endpoint, Mapped<OhlcRow> out, CandleSink sink) {
        if (payload == null || payload.isBlank()) {
            throw new PayloadException(asset + " " + endpoint + ": the answer is an empty body where candles were expected");
        }
        int read = 0;
        try (JsonParser p = JSON.createParser(payload)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                throw new PayloadException(asset + " " + endpoint + ": the API answered with an object instead of candles: "
                    + brief(payload));
            }
            if (t != JsonToken.START_ARRAY) {
                throw new PayloadException(asset + " " + endpoint + ": the response is not a JSON array of candles");
            }
            double[] v = new double[4];
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new PayloadException(asset + " " + endpoint + ": the response ends early (truncated?)");
                }
                read++;
                // candles are the payload's records (two 30-minute candles make one row)
                out.countRecord();
                if (t != JsonToken.START_ARRAY) {
                    String text = t.isStructStart() ? t.asString() + "…" : p.getText();
                    p.skipChildren();
                    out.reject(text, asset + " candle is not an array [close_ms, open, high, low, close]");
                    continue;
                }
                JsonToken first = p.nextToken();
                if (!isNumber(first)) {
                    String text = "[" + (first == JsonToken.END_ARRAY ? "" : (first.isStructStart() ? "…" : p.getText()) + ", …") + "]";
                    skipAfter(p, first);
                    out.reject(text, asset + " candle has no numeric close time");
                    continue;
                }
                long closeMs = epochMillis(p, first);
                int n = 0;
                String bad = null;
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new PayloadException(asset + " " + endpoint + ": the response ends early (truncated?)");
                    }
                    if (e.isStructStart()) {
                        p.skipChildren();
                        bad = "a nested value";
                    } else if (!isNumber(e)) {
                        bad = "'" + p.getText() + "'";
                    } else if (n < 4) {
                        v[n] = p.getDoubleValue();
                    }
                    n++;
                }
                if (bad != null || n != 4) {
                    String more = n > 4 ? " (+" + (n - 4) + " more value(s))" : "";
                    out.reject(text(closeMs, v, Math.min(n, 4)) + more + (bad != null ? " (" + bad + ")" : ""),
                        asset + " candle is not [close_ms, open, high, low, close]" + (bad != null ? ": " + bad : ""));
                    continue;
                }
                Candle c = new Candle(closeMs, v[0], v[1], v[2], v[3]);
                String problem = check(c);
                if (problem != null) {
                    out.reject(text(closeMs, v, 4), asset + " candle closing " + Utc.iso(Instant.ofEpochMilli(closeMs)) + ": "
                        + problem);
                    continue;
                }
                sink.accept(c);
            }
            if (read == 0) {
                throw new PayloadException(asset + " " + endpoint + ": the answer is an empty list where candles were"
                    + " expected; nothing stored from this answer");
            }
        } catch (JsonParseException e) {
            throw new PayloadException(asset + " " + endpoint + ": the response is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PayloadException(asset + " " + endpoint + ": the response could not be read: " + e.getMessage(), e);
        }
    }

    /** The data checks; null when the candle is sound. */
    static String check(Candle c) {
        if (!(c.open > 0 && c.high > 0 && c.low > 0 && c.close > 0)
            || Double.isInfinite(c.open + c.high + c.low + c.close)) {
            return "non-positive price (open " + number(c.open) + ", high " + number(c.high) + ", low " + number(c.low)
                + ", close " + number(c.close) + ")";
        }
        if (c.high < c.low) {
            return "high " + number(c.high) + " < low " + number(c.low);
        }
        if (c.open < c.low || c.open > c.high || c.close < c.low || c.close > c.high) {
            return "open " + number(c.open) + " or close " + number(c.close) + " outside [low " + number(c.low)
                + ", high " + number(c.high) + "]";
        }
        return null;
    }

    private OhlcRow row(String asset, long open, double o, double h, double l, double c, String quality) {
        return new OhlcRow(asset, open, o, h, l, c, null, quality, sessions.of(open));
    }

    record Candle(long closeMs, double open, double high, double low, double close) {
    }

    /** One UTC hour of price samples (and the rolling volume at its last sample). */
    private static final class Bucket {
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;
        double open;
        double close;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        boolean hasPrice;
        long volumeTs = Long.MIN_VALUE;
        double volume;
        boolean hasVolume;

        void addPrice(long ts, double price) {
            hasPrice = true;
            if (ts < firstTs) {
                firstTs = ts;
                open = price;
            }
            if (ts >= lastTs) {
                lastTs = ts;
                close = price;
            }
            high = Math.max(high, price);
            low = Math.min(low, price);
        }

        void addVolume(long ts, double v) {
            if (ts >= volumeTs) {
                volumeTs = ts;
                volume = v;
                hasVolume = true;
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void expectArray(JsonParser p, JsonToken t, String asset, String field) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new PayloadException(asset + " /market_chart: " + field + " is not an array (the API shape changed?)");
        }
    }

    private static boolean isNumber(JsonToken t) {
        return t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
    }

    private static long epochMillis(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : (long) p.getDoubleValue();
    }

    /** After a bad element {@code t} of an inner array: skip to the end of that array. */
    private static void skipAfter(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.END_ARRAY) {
            return;
        }
        if (t != null && t.isStructStart()) {
            p.skipChildren();
        }
        skipRestOfArray(p);
    }

    private static void skipRestOfArray(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t.isStructStart()) {
                p.skipChildren();
            }
        }
    }

    static long ceil(long ms, long unit) {
        return Math.floorDiv(ms + unit - 1, unit) * unit;
    }

    private static String text(long closeMs, double[] v, int n) {
        StringBuilder sb = new StringBuilder("[").append(closeMs);
        for (int i = 0; i < n; i++) {
            sb.append(", ").append(number(v[i]));
        }
        return sb.append(']').toString();
    }

    /** A number as the API wrote it: integers without a fraction, others in Java's shortest round-trip form. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static String brief(String body) {
        String one = body.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
