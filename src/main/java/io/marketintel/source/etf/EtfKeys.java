package io.marketintel.source.etf;

import java.util.List;

import io.marketintel.config.Key;
import io.marketintel.config.KeyCatalog;

/** The ETF flow sources' keys (Farside, SoSoValue, the CSV inbox, which source wins) and their {@code --check} calls. */
public final class EtfKeys implements KeyCatalog {

    public static final Key<Boolean> FARSIDE_ENABLED = Key.bool("etf.farside.enabled", "true",
        "on by default: keyless, and the only free per-fund history (Cloudflare may refuse it; the other sources go on)");
    public static final Key<String> FARSIDE_BASE_URL = Key.url("farside.base-url", "https://farside.co.uk",
        "site root; tests and the demo point it at a local server");
    public static final Key<String> FARSIDE_CRON = Key.cron("etf.farside.cron", "0 30 7,23 * * ?",
        "US funds report after the close; 23:30 UTC catches most, 07:30 UTC the late ones (Quartz cron, UTC)");
    public static final Key<Boolean> FARSIDE_BACKFILL = Key.bool("etf.farside.backfill", "false",
        "true: read the all-data pages (full history since Jan 2024) instead of the recent /btc/ and /eth/ pages");
    public static final Key<List<String>> FARSIDE_ASSETS = Key.parsed("etf.farside.assets", "BTC,ETH", "BTC and/or ETH",
        " (list BTC and/or ETH, e.g. BTC,ETH)", FarsideParser::assets,
        "whose pages are read (BTC, ETH or both): one refused or unwanted page costs a call and a dead letter each run");

    public static final Key<String> SOSOVALUE_ENABLED = Key.oneOf("etf.sosovalue.enabled", "auto",
        List.of("auto", "true", "false"),
        "auto: on exactly when SOSOVALUE_API_KEY is set; true fails start-up without a key; false keeps it off");
    public static final Key<String> SOSOVALUE_BASE_URL = Key.url("sosovalue.base-url", "https://api.sosovalue.xyz",
        "API root (v2 openapi); tests and the demo point it at a local server");
    public static final Key<String> SOSOVALUE_CRON = Key.cron("etf.sosovalue.cron", "0 15 1,13 * * ?",
        "4 calls a run (2 assets x 2 endpoints); twice a day stays far inside the demo plan's 1000 calls a month");

    public static final Key<Boolean> INBOX_ENABLED = Key.bool("etf.inbox.enabled", "true",
        "files as_of_date,ticker,net_flow_usd[,asset] dropped here are stored (one run each), then moved to .done/ or"
            + " .error/");
    public static final Key<String> INBOX_PATH = Key.text("etf.inbox.path", "data/inbox/etf",
        "the drop folder (relative to the working directory); the Farside refusal message points operators here");
    public static final Key<Integer> INBOX_POLL_DELAY_MS = Key.integer("etf.inbox.poll-delay-ms", "10000", 100,
        86_400_000, "how often the folder is looked at; a file must also be unchanged for a second before it is read");

    public static final Key<EtfPrecedence> PRECEDENCE = Key.parsed("etf.precedence", "csv,sosovalue,farside",
        "csv, sosovalue and farside in the order they win", "", EtfPrecedence::parse,
        "when two sources give the same fund and day, the first listed is kept: an operator's file, then SoSoValue's"
            + " exact dollars, then Farside's figures rounded to 0.1 M$; differences above $50,000 are logged as"
            + " disagreements");

    public static final Key<String> CHECK_FARSIDE_URL = Key.text("check.etf-farside.url", "{{farside.base-url}}/btc/",
        "Farside: the head of the BTC page (Cloudflare may answer 403 to non-browsers)").whenUsed();
    public static final Key<String> CHECK_FARSIDE_METHOD = Key.text("check.etf-farside.method", "HEAD",
        "the page's head is enough; a server that refuses HEAD is asked with GET").whenUsed();
    public static final Key<String> CHECK_SOSOVALUE_URL = Key.text("check.etf-sosovalue.url",
        "{{sosovalue.base-url}}/openapi/v2/etf/currentEtfDataMetrics",
        "SoSoValue: the current-day metrics call, with the key").whenUsed();
    public static final Key<String> CHECK_SOSOVALUE_METHOD = Key.text("check.etf-sosovalue.method", "POST",
        "SoSoValue's API takes POST with a JSON body").whenUsed();
    public static final Key<String> CHECK_SOSOVALUE_BODY = Key.text("check.etf-sosovalue.body", "{\"type\":\"us-btc-spot\"}",
        "the body of that call: the BTC spot ETFs").whenUsed();
    public static final Key<String> CHECK_SOSOVALUE_KEY_HEADER = Key.text("check.etf-sosovalue.key-header",
        "x-soso-api-key", "SoSoValue's key header").whenUsed();
    public static final Key<String> CHECK_SOSOVALUE_KEY_ENV = Key.text("check.etf-sosovalue.key-env", "SOSOVALUE_API_KEY",
        "the environment variable holding SoSoValue's key").whenUsed();
    public static final Key<Boolean> CHECK_SOSOVALUE_KEY_REQUIRED = Key.bool("check.etf-sosovalue.key-required", "true",
        "SoSoValue refuses calls without a key: --check says the key is missing instead of calling").whenUsed();
    public static final Key<String> CHECK_INBOX_URL = Key.text("check.etf-inbox.url", "none",
        "the ETF inbox reads files dropped by the operator: no API to call").whenUsed();
}
