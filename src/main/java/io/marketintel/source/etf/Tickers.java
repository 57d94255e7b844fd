package io.marketintel.source.etf;

import java.util.regex.Pattern;

/** The strict shapes a fund ticker and an asset may take: they come from the network or a dropped file. */
public final class Tickers {

    /** US fund tickers are 1-5 letters; 10 leaves room and still keeps paths, quotes and spaces out. */
    public static final Pattern TICKER = Pattern.compile("^[A-Z0-9]{1,10}$");
    public static final Pattern ASSET = Pattern.compile("^(BTC|ETH)$");

    private Tickers() {
    }

    public static boolean isTicker(String s) {
        return s != null && TICKER.matcher(s).matches();
    }

    public static boolean isAsset(String s) {
        return s != null && ASSET.matcher(s).matches();
    }
}
