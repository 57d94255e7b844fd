package io.marketintel.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A recorded CoinGecko {@code /coins/{id}/market_chart?days=30} answer (~hourly samples), replayed as if it had just
 * been fetched. Re-stamping moves every timestamp by the same whole number of hours, chosen so that the last sample
 * falls within the hour before "now"; whole hours keep each sample in the same place inside its UTC hour, so the
 * hourly buckets are exactly those of the recording. Values are written back as the recorded text, never re-printed
 * from a double. The {@code /ohlc?days=1} answer, which was never recorded, is derived from the same samples (see
 * {@link #ohlc30m(long)}). No Camel imports.
 */
public final class RecordedMarketChart {

    static final long HOUR = 3_600_000L;
    static final long HALF_HOUR = 1_800_000L;
    static final long DAY = 86_400_000L;
    /** /ohlc?days=1 answers 24 hours of 30-minute candles. */
    static final int OHLC_SLOTS = 48;

    /** One recorded series: times in ms, values as recorded text (and parsed, to compare). */
    record Series(long[] ts, String[] text, double[] value) {
        int size() {
            return ts.length;
        }
    }

    private final Series prices;
    private final Series marketCaps;
    private final Series totalVolumes;
    private final long lastMs;

    private RecordedMarketChart(Series prices, Series marketCaps, Series totalVolumes) {
        if (prices.size() == 0) {
            throw new IllegalArgumentException("the recording has no prices");
        }
        this.prices = prices;
        this.marketCaps = marketCaps;
        this.totalVolumes = totalVolumes;
        long last = Long.MIN_VALUE;
        for (Series s : List.of(prices, marketCaps, totalVolumes)) {
            for (long t : s.ts()) {
                last = Math.max(last, t);
            }
        }
        this.lastMs = last;
    }

    /** Reads a market_chart payload ({@code {"prices":[[ms, v], …], "market_caps":…, "total_volumes":…}}). */
    public static RecordedMarketChart parse(String json) throws IOException {
        Series prices = null;
        Series caps = new Series(new long[0], new String[0], new double[0]);
        Series volumes = caps;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a market_chart object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "prices" -> prices = series(p);
                    case "market_caps" -> caps = series(p);
                    case "total_volumes" -> volumes = series(p);
                    default -> p.skipChildren();
                }
            }
        }
        if (prices == null) {
            throw new IOException("the recording has no prices[]");
        }
        return new RecordedMarketChart(prices, caps, volumes);
    }

    private static Series series(JsonParser p) throws IOException {
        List<Long> ts = new ArrayList<>();
        List<String> text = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_ARRAY) {
            p.nextToken();
            long t = p.getLongValue();
            p.nextToken();
            // getText() of a number token is its text as written in the recording
            text.add(p.getText());
            ts.add(t);
            p.nextToken();   // END_ARRAY of the pair
        }
        long[] times = new long[ts.size()];
        double[] values = new double[ts.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = ts.get(i);
            values[i] = new BigDecimal(text.get(i)).doubleValue();
        }
        return new Series(times, text.toArray(String[]::new), values);
    }

    /** The recording's newest timestamp (ms), before re-stamping. */
    public long lastMs() {
        return lastMs;
    }

    public long firstMs() {
        return prices.ts()[0];
    }

    public int samples() {
        return prices.size();
    }

    /** Whole hours that bring the last sample into the hour before {@code nowMs} (never after it). */
    public long shiftMs(long nowMs) {
        return Math.floorDiv(nowMs - lastMs, HOUR) * HOUR;
    }

    /**
     * The market_chart answer for {@code days} as of {@code nowMs}: the re-stamped samples of the {@code days} days up
     * to the last sample (the whole recording for 30 days and more; it holds 30). Counting back from the last sample
     * rather than from now keeps the answer the same for the whole hour a shift lasts, so it is rendered once.
     */
    public String marketChart(long nowMs, int days) {
        long shift = shiftMs(nowMs);
        long from = lastMs + shift - days * DAY;
        StringBuilder sb = new StringBuilder(80_000);
        sb.append("{\"prices\": ");
        append(sb, prices, shift, from);
        sb.append(", \"market_caps\": ");
        append(sb, marketCaps, shift, from);
        sb.append(", \"total_volumes\": ");
        append(sb, totalVolumes, shift, from);
        return sb.append('}').toString();
    }

    private static void append(StringBuilder sb, Series s, long shift, long from) {
        sb.append('[');
        boolean first = true;
        for (int i = 0; i < s.size(); i++) {
            long t = s.ts()[i] + shift;
            if (t < from) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append('[').append(t).append(", ").append(s.text()[i]).append(']');
        }
        sb.append(']');
    }

    /**
     * The {@code /ohlc?days=1} answer as of {@code nowMs}, derived from the re-stamped price samples (no recording of
     * that endpoint exists): 48 candles {@code [close_ms, open, high, low, close]} on the 30-minute grid, the last one
     * closing at the first grid time at or after the last sample (it may still be in progress). A candle is built from
     * the samples inside its half hour (close time − 30 min, close time]: open = the first, high/low = the
     * highest/lowest, close = the last. A half hour without a sample (most of them: samples are ~hourly) carries the
     * previous price as open = high = low = close. Every price is a recorded value.
     */
    public String ohlc30m(long nowMs) {
        long shift = shiftMs(nowMs);
        long[] ts = prices.ts();
        long lastClose = ceil(lastMs + shift, HALF_HOUR);
        long firstClose = lastClose - (OHLC_SLOTS - 1) * HALF_HOUR;
        int i = 0;
        int prev = -1;   // index of the price carried into an empty half hour
        while (i < ts.length && ts[i] + shift <= firstClose - HALF_HOUR) {
            prev = i++;
        }
        StringBuilder sb = new StringBuilder(OHLC_SLOTS * 90).append('[');
        for (long close = firstClose; close <= lastClose; close += HALF_HOUR) {
            int open = -1;
            int high = -1;
            int low = -1;
            int last = -1;
            while (i < ts.length && ts[i] + shift <= close) {
                if (open < 0) {
                    open = i;
                    high = i;
                    low = i;
                }
                if (prices.value()[i] > prices.value()[high]) {
                    high = i;
                }
                if (prices.value()[i] < prices.value()[low]) {
                    low = i;
                }
                last = i++;
            }
            if (open < 0) {
                if (prev < 0) {
                    continue;   // before the first sample: no price to carry
                }
                open = prev;
                high = prev;
                low = prev;
                last = prev;
            }
            if (sb.length() > 1) {
                sb.append(',');
            }
            String[] t = prices.text();
            sb.append('[').append(close).append(',').append(t[open]).append(',').append(t[high]).append(',')
                .append(t[low]).append(',').append(t[last]).append(']');
            prev = last;
        }
        return sb.append(']').toString();
    }

    static long ceil(long ms, long unit) {
        return Math.floorDiv(ms + unit - 1, unit) * unit;
    }
}
