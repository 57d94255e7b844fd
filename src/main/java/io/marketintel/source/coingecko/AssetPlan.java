package io.marketintel.source.coingecko;

import java.util.List;

/**
 * The calls one asset needs in this run, in order (backfill first, then forward). A permanent failure (unknown id,
 * plan or key problem) stops the rest: the same call would fail the same way, and one dead letter per asset says it.
 */
public final class AssetPlan {

    private final CoinGeckoAsset asset;
    private final boolean backfill;
    private final long missingHours;
    private final List<CoinGeckoRequest> requests;
    private volatile String stoppedBecause;

    public AssetPlan(CoinGeckoAsset asset, boolean backfill, long missingHours, List<CoinGeckoRequest> requests) {
        this.asset = asset;
        this.backfill = backfill;
        this.missingHours = missingHours;
        this.requests = List.copyOf(requests);
    }

    public CoinGeckoAsset getAsset() {
        return asset;
    }

    public boolean isBackfill() {
        return backfill;
    }

    public long getMissingHours() {
        return missingHours;
    }

    public List<CoinGeckoRequest> getRequests() {
        return requests;
    }

    public boolean isStopped() {
        return stoppedBecause != null;
    }

    public void stop(String because) {
        this.stoppedBecause = because;
    }

    public String getStoppedBecause() {
        return stoppedBecause;
    }

    @Override
    public String toString() {
        return asset + ": " + requests.size() + " call(s)" + (backfill ? ", backfill (" + missingHours + " hour(s) missing)" : "");
    }
}
