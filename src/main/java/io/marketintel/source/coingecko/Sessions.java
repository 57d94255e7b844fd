package io.marketintel.source.coingecko;

/**
 * Tags an hour with exactly one trading session from the UTC hour of its open time. The three start hours are
 * properties ({@code sessions.*-start-hour}, UTC, {@code asia < europe < us}); the US session runs until the next
 * Asia start (wrapping past midnight when Asia starts after 00:00).
 */
public final class Sessions {

    public static final String ASIA = "ASIA";
    public static final String EUROPE = "EUROPE";
    public static final String US = "US";

    private final String[] byHour = new String[24];

    public Sessions(int asiaStart, int europeStart, int usStart) {
        if (!(0 <= asiaStart && asiaStart < europeStart && europeStart < usStart && usStart <= 23)) {
            throw new IllegalArgumentException("session start hours must satisfy 0 <= asia < europe < us <= 23, got asia="
                + asiaStart + " europe=" + europeStart + " us=" + usStart);
        }
        for (int h = 0; h < 24; h++) {
            byHour[h] = h >= usStart || h < asiaStart ? US : h >= europeStart ? EUROPE : ASIA;
        }
    }

    /** The session of the hour that opens at {@code epochMillis} (UTC). */
    public String of(long epochMillis) {
        return byHour[(int) Math.floorMod(Math.floorDiv(epochMillis, 3_600_000L), 24L)];
    }
}
