package io.marketintel.source.coingecko;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured asset: CoinGecko's coin id (the path parameter, e.g. {@code bitcoin}) and the symbol stored in
 * {@code ohlc_hourly.asset} (e.g. {@code BTC}). Parsed from {@code coingecko.assets = bitcoin:BTC,ethereum:ETH}.
 */
public record CoinGeckoAsset(String id, String symbol) {

    /** CoinGecko ids are lower-case slugs (from /coins/list); the strict pattern also keeps paths and logs clean. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    /** ohlc_hourly.asset is VARCHAR(16). */
    static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,16}");

    /** Parses the list; the message of an IllegalArgumentException says what is wrong with which entry. */
    public static List<CoinGeckoAsset> parseList(String value) {
        List<CoinGeckoAsset> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> symbols = new HashSet<>();
        for (String part : value.split(",")) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("entry '" + entry + "' is not id:SYMBOL (e.g. bitcoin:BTC)");
            }
            String id = entry.substring(0, colon).strip();
            String symbol = entry.substring(colon + 1).strip();
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("entry '" + entry + "': '" + id
                    + "' is not a CoinGecko coin id (lower-case, e.g. bitcoin; see GET /coins/list)");
            }
            if (!SYMBOL.matcher(symbol).matches()) {
                throw new IllegalArgumentException("entry '" + entry + "': symbol '" + symbol
                    + "' must be 1-16 upper-case letters or digits (e.g. BTC)");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("coin id '" + id + "' is listed twice");
            }
            if (!symbols.add(symbol)) {
                throw new IllegalArgumentException("symbol '" + symbol + "' is listed twice");
            }
            out.add(new CoinGeckoAsset(id, symbol));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("lists no asset (e.g. bitcoin:BTC,ethereum:ETH)");
        }
        return out;
    }

    @Override
    public String toString() {
        return symbol + " (" + id + ")";
    }
}
