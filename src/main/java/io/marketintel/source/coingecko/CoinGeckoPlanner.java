package io.marketintel.source.coingecko;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.marketintel.pipeline.Shard;


/**
 * Decides the calls of one asset in a run. The window is the last {@code coingecko.window-days} × 24 hours up to the
 * current hour. The forward call reaches back 24 hours, so only the older part of the window can have gaps that the
 * forward call will not heal; when that part misses more than {@code coingecko.backfill-max-missing-hours} hours
 * (always on the first run, and after an outage longer than a day) the asset is backfilled first.
 * <ul>
 * <li>public/demo: backfill = {@code /market_chart?days=W} (sampled rows); forward = {@code /ohlc?days=1} (30-minute
 * candles → true hourly candles), every run;</li>
 * <li>pro: {@code /ohlc/range?interval=hourly}: the whole window in pages of at most 31 days when backfilling, else
 * the last 24 hours.</li>
 * </ul>
 * No Camel imports.
 */
public final class CoinGeckoPlanner {

    /** /ohlc/range with interval=hourly answers at most 31 days per request. */
    static final Duration MAX_RANGE = Duration.ofDays(31);
    static final Duration FORWARD_REACH = Duration.ofHours(24);

    private final CoinGeckoSettings settings;
    private final OhlcRepository repository;
    private final Clock clock;

    public CoinGeckoPlanner(CoinGeckoSettings settings, OhlcRepository repository, Clock clock) {
        this.settings = settings;
        this.repository = repository;
        this.clock = clock;
    }

    /**
     * The assets of this run, in order; the route splits over them. A part of a sharded run ({@code coingecko.shards}
     * > 1) takes its share ({@link Shard#of}); null: the whole list (--once, catch-up on a single node, a replay).
     */
    public List<CoinGeckoAsset> assets(Shard shard) {
        return shard == null ? settings.assets() : shard.of(settings.assets());
    }

    public AssetPlan plan(CoinGeckoAsset asset) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        Instant windowStart = currentHour.minus(Duration.ofHours(settings.windowDays() * 24L - 1));
        // the forward call covers the hours from here to now; older hours only a backfill can fill
        Instant reach = currentHour.minus(FORWARD_REACH.minusHours(1));
        long expected = Math.max(0, Duration.between(windowStart, reach).toHours());
        long missing = expected == 0 ? 0 : expected - repository.countHours(asset.symbol(), windowStart, reach);
        boolean backfill = missing > settings.backfillMaxMissingHours();
        return new AssetPlan(asset, backfill, missing, requests(asset, backfill, now, windowStart, reach));
    }

    List<CoinGeckoRequest> requests(CoinGeckoAsset asset, boolean backfill, Instant now, Instant windowStart,
                                    Instant reach) {
        List<CoinGeckoRequest> out = new ArrayList<>();
        String coin = "/coins/" + asset.id();
        if (settings.plan() == Plan.PRO) {
            Instant from = backfill ? windowStart : reach.minus(Duration.ofHours(1));
            while (from.isBefore(now)) {
                Instant to = from.plus(MAX_RANGE).isBefore(now) ? from.plus(MAX_RANGE) : now;
                out.add(new CoinGeckoRequest(CoinGeckoRequest.Kind.OHLC_HOURLY, asset, coin + "/ohlc/range",
                    "vs_currency=usd&from=" + from.getEpochSecond() + "&to=" + to.getEpochSecond() + "&interval=hourly"));
                from = to;
            }
            return out;
        }
        if (backfill) {
            out.add(new CoinGeckoRequest(CoinGeckoRequest.Kind.MARKET_CHART, asset, coin + "/market_chart",
                "vs_currency=usd&days=" + settings.windowDays()));
        }
        out.add(new CoinGeckoRequest(CoinGeckoRequest.Kind.OHLC_30M, asset, coin + "/ohlc", "vs_currency=usd&days=1"));
        return out;
    }
}
