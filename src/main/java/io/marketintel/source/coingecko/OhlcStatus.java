package io.marketintel.source.coingecko;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import io.marketintel.store.Jdbc;
import io.marketintel.store.Sql;
import io.marketintel.monitor.StatusSection;
import io.marketintel.store.Utc;

/**
 * The CoinGecko part of {@code --status}: per asset, the newest hour and its quality, the rows of the window by
 * quality, and the hours missing from the window (gaps), read as a stream (no list of every hour in memory).
 */
public final class OhlcStatus implements StatusSection {

    private static final int SHOWN_GAPS = 5;

    private final DataSource ds;
    private final int windowDays;
    private final List<String> symbols;

    public OhlcStatus(DataSource ds, int windowDays, List<String> symbols) {
        this.ds = ds;
        this.windowDays = windowDays;
        this.symbols = symbols;
    }

    @Override
    public String section(Instant now) {
        try {
            return section(ds, now, windowDays, symbols);
        } catch (SQLException | RuntimeException e) {
            return "\nCoinGecko candles: " + e.getMessage() + "\n";
        }
    }

    /** One asset's figures over the window. */
    private static final class Asset {
        final Map<String, Long> byQuality = new LinkedHashMap<>();
        String newest;
        String newestQuality;
        long present;
        long missing;
        final List<String> gaps = new ArrayList<>();
        int gapCount;
        Instant expected;
    }

    public static String section(DataSource ds, Instant now, int windowDays, List<String> symbols) throws SQLException {
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        Instant windowStart = currentHour.minus(Duration.ofHours(windowDays * 24L - 1));
        String from = Utc.iso(windowStart);
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String s : symbols) {
            assets.put(s, new Asset());
        }
        for (Map<String, Object> r : Jdbc.query(ds, Sql.load("status_ohlc_quality"), from)) {
            Asset a = assets.computeIfAbsent((String) r.get("asset"), k -> new Asset());
            a.byQuality.put((String) r.get("quality"), ((Number) r.get("n")).longValue());
            String newest = (String) r.get("newest");
            if (a.newest == null || newest.compareTo(a.newest) > 0) {
                a.newest = newest;
                a.newestQuality = (String) r.get("quality");
            }
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(Sql.load("status_ohlc_hours"))) {
            ps.setFetchSize(1000);
            ps.setString(1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Asset a = assets.computeIfAbsent(rs.getString(1), k -> new Asset());
                    Instant hour = Utc.parse(rs.getString(2));
                    if (a.expected == null) {
                        a.expected = windowStart;
                    }
                    gap(a, a.expected, hour);
                    a.present++;
                    a.expected = hour.plus(Duration.ofHours(1));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nCoinGecko candles (window %d day(s) from %s; quality: ohlc = true hourly candle, "
            + "provisional = hour in progress, sampled = from hourly price samples):%n", windowDays, from));
        for (Map.Entry<String, Asset> e : assets.entrySet()) {
            Asset a = e.getValue();
            // up to the hour in progress, not including it: it is no gap until the run after it begins fetches it
            gap(a, a.expected == null ? windowStart : a.expected, currentHour);
            StringBuilder q = new StringBuilder();
            for (String quality : new String[] {"ohlc", "provisional", "sampled"}) {
                q.append(String.format(Locale.ROOT, "  %s %d", quality, a.byQuality.getOrDefault(quality, 0L)));
            }
            sb.append(String.format(Locale.ROOT, "  %-8s newest %s%s%s  missing %d h, gaps %d%s%n", e.getKey(),
                a.newest == null ? "-" : a.newest, a.newestQuality == null ? "" : " (" + a.newestQuality + ")", q,
                a.missing, a.gapCount, a.gaps.isEmpty() ? "" : ": " + String.join(", ", a.gaps)
                    + (a.gapCount > a.gaps.size() ? ", …" : "")));
        }
        return sb.toString();
    }

    /** Records the hours in [expected, next) as one gap when there are any. */
    private static void gap(Asset a, Instant expected, Instant next) {
        long hours = Duration.between(expected, next).toHours();
        if (hours <= 0) {
            return;
        }
        a.missing += hours;
        a.gapCount++;
        if (a.gaps.size() < SHOWN_GAPS) {
            a.gaps.add(hours == 1 ? Utc.iso(expected)
                : Utc.iso(expected) + " .. " + Utc.iso(next.minus(Duration.ofHours(1))) + " (" + hours + " h)");
        }
    }
}
