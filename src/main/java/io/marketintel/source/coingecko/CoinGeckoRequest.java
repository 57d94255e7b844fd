package io.marketintel.source.coingecko;

/**
 * One CoinGecko call of a run: what to fetch for which asset and how to read the answer. The API key is not part
 * of it (it travels only as a header, added at the last moment by {@code direct:coingecko-call}).
 *
 * @param path  appended to the plan's API root, e.g. {@code /coins/bitcoin/ohlc}
 * @param query the query string without the key, e.g. {@code vs_currency=usd&days=1}
 */
public record CoinGeckoRequest(Kind kind, CoinGeckoAsset asset, String path, String query) {

    public enum Kind {
        /** free/demo forward: /ohlc?days=1, 30-minute candles merged in pairs into hours */
        OHLC_30M("forward /ohlc (30-minute candles)", "30-minute candles"),
        /** pro: /ohlc/range?interval=hourly, true hourly candles */
        OHLC_HOURLY("/ohlc/range (hourly candles)", "hourly candles"),
        /** free/demo backfill: /market_chart, ~hourly price samples bucketed per UTC hour */
        MARKET_CHART("backfill /market_chart (hourly samples)", "price samples");

        private final String label;
        private final String expected;

        Kind(String label, String expected) {
            this.label = label;
            this.expected = expected;
        }

        public String label() {
            return label;
        }

        /** What the answer holds, for messages about an answer without it. */
        public String expected() {
            return expected;
        }
    }

    /** Named in dead letters and logs (no secrets in here). */
    public String describe() {
        return asset + " " + kind.label();
    }

    @Override
    public String toString() {
        return describe() + " " + path + "?" + query;
    }
}
