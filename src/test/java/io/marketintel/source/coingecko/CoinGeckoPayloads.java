package io.marketintel.source.coingecko;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.awaitility.Awaitility.await;

/**
 * Answers shaped like CoinGecko's (the documented {@code number[][]} and market_chart shapes), built around the
 * current time so the routes see "now" as they would in production. Values follow simple formulas so that a
 * test can compute the expected rows independently of the mapper.
 */
final class CoinGeckoPayloads {

    static final long HALF = 1_800_000L;
    static final long HOUR = 3_600_000L;

    private CoinGeckoPayloads() {
    }

    /** The 30-minute candle closes of /ohlc?days=1 at {@code now}: 48 on the grid, then the one in progress. */
    static List<Long> halfHourCloses(Instant now) {
        long nowMs = now.toEpochMilli();
        long lastAligned = Math.floorDiv(nowMs, HALF) * HALF;
        List<Long> closes = new ArrayList<>();
        for (int i = 47; i >= 0; i--) {
            closes.add(lastAligned - i * HALF);
        }
        if (nowMs != lastAligned) {
            closes.add(nowMs);
        }
        return closes;
    }

    /** Candle i: open = base + i, high = open + 2, low = open - 1, close = open + 1. */
    static String ohlc30(List<Long> closes, double base) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < closes.size(); i++) {
            double o = base + i;
            sb.append(i == 0 ? "" : ",").append('[').append(closes.get(i)).append(',').append(num(o)).append(',')
                .append(num(o + 2)).append(',').append(num(o - 1)).append(',').append(num(o + 1)).append(']');
        }
        return sb.append(']').toString();
    }

    /** market_chart for the last {@code days}: one sample at minute 17 of each hour (price base + k, volume 1e9 + k). */
    static String marketChart(Instant now, int days, double base) {
        long nowMs = now.toEpochMilli();
        long start = now.minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.HOURS).toEpochMilli() + 17 * 60_000L;
        StringBuilder prices = new StringBuilder();
        StringBuilder volumes = new StringBuilder();
        int k = 0;
        for (long t = start; t <= nowMs; t += HOUR, k++) {
            String sep = k == 0 ? "" : ",";
            prices.append(sep).append('[').append(t).append(',').append(num(base + k + 0.5)).append(']');
            volumes.append(sep).append('[').append(t).append(',').append(num(1e9 + k)).append(']');
        }
        return "{\"prices\":[" + prices + "],\"market_caps\":[" + volumes + "],\"total_volumes\":[" + volumes + "]}";
    }

    /** Hourly candles (close-time stamps) for the hours in [from, now], plus the one in progress stamped now. */
    static String hourlyCandles(Instant from, Instant now, double base) {
        long nowMs = now.toEpochMilli();
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        for (long close = from.toEpochMilli() + HOUR; close <= nowMs; close += HOUR, i++) {
            sb.append(i == 0 ? "" : ",").append(candle(close, base + i));
        }
        if (nowMs % HOUR != 0) {
            sb.append(i == 0 ? "" : ",").append(candle(nowMs, base + i));
        }
        return sb.append(']').toString();
    }

    private static String candle(long close, double o) {
        return "[" + close + "," + num(o) + "," + num(o + 2) + "," + num(o - 1) + "," + num(o + 1) + "]";
    }

    static String num(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d);
    }

    /**
     * The payloads are built for "now"; a route run a moment later must see the same half hour. Waits (rarely, at
     * most ~25 s) while a half-hour boundary is near.
     */
    static void awayFromHalfHourBoundary() {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long msToNext = HALF - Math.floorMod(System.currentTimeMillis(), HALF);
            long msSince = Math.floorMod(System.currentTimeMillis(), HALF);
            return msToNext > 25_000 && msSince > 2_000;
        });
    }
}
