package io.marketintel.source.feargreed;

import io.marketintel.config.Key;
import io.marketintel.config.KeyCatalog;

/** Fear &amp; Greed's keys (routes/fear-greed.camel.yaml reads them as placeholders) and its {@code --check} call. */
public final class FearGreedKeys implements KeyCatalog {

    public static final Key<Boolean> ENABLED = Key.bool("feargreed.enabled", "true", "on by default: keyless and cheap");
    public static final Key<String> BASE_URL = Key.url("feargreed.base-url", "https://api.alternative.me",
        "API root; tests and the demo point it at a local server");
    public static final Key<String> CRON = Key.cron("feargreed.cron", "0 10 0 * * ?",
        "the index is published at 00:00 UTC; 00:10 leaves the API time to update (Quartz cron, evaluated in UTC)");
    public static final Key<Integer> LIMIT = Key.integer("feargreed.limit", "30", 1, 5000,
        "days fetched per run: 30 heals a month of outage; the API skips days now and then, which stay absent");

    public static final Key<String> CHECK_URL = Key.text("check.fear-greed.url", "{{feargreed.base-url}}/fng/?limit=1",
        "Fear & Greed: a one-entry call").whenUsed();
}
