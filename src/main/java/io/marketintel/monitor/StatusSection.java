package io.marketintel.monitor;

import java.sql.SQLException;
import java.time.Instant;

/**
 * A part of {@code --status} a source adds of its own (CoinGecko: per asset, newest candle, counts by quality, gaps).
 * A source's configuration binds one in the registry; the status page prints every one it finds, so the core
 * names no source.
 */
public interface StatusSection {

    /** The section's text, starting with a blank line and its title. */
    String section(Instant now) throws SQLException;
}
