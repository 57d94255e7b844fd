package io.marketintel.source.coingecko;

import java.time.Instant;

/**
 * One hour of one asset as stored in {@code ohlc_hourly}. {@code openMs} is the hour's OPEN time (CoinGecko stamps
 * candles with their close time). {@code volume24hUsd} is CoinGecko's rolling 24-hour volume at the hour's last
 * sample (sampled rows only; null for candles, which carry no volume).
 *
 * @param quality {@code ohlc} (a true hourly candle), {@code provisional} (true candle data of an hour that is not
 *                complete yet) or {@code sampled} (built from ~hourly price samples: open/close = first/last sample)
 */
public record OhlcRow(String asset, long openMs, double open, double high, double low, double close,
                      Double volume24hUsd, String quality, String session) {

    public static final String OHLC = "ohlc";
    public static final String PROVISIONAL = "provisional";
    public static final String SAMPLED = "sampled";

    public Instant openTime() {
        return Instant.ofEpochMilli(openMs);
    }
}
