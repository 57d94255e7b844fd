package io.marketintel.pipeline;

import io.marketintel.http.Answers;

/**
 * The exchange properties a run carries, in one place; the YAML routes set and read them by these names
 * ({@code ${exchangeProperty.miRunId}}). A source's own (CoinGecko's {@code cgPlan}, the ETF routes' {@code etfAsset})
 * stay with the source.
 */
public final class ExchangeProperties {

    /** The run's id (ingest_run.run_id), set by the runner. */
    public static final String RUN_ID = "miRunId";
    /** The source's id, set by the runner. */
    public static final String SOURCE = "miSource";
    /** The part of a sharded source's work this run does ({@link Shard}); absent: the whole work. */
    public static final String SHARD = "miShard";
    /** What is being called, for log lines and dead letters: "Fear & Greed /fng/", "SoSoValue ... BTC". */
    public static final String CALL = Answers.CALL;
    /** The fix a dead letter names for a failed request or a network failure. */
    public static final String HINT = "miHint";
    /** The fix a dead letter names when the provider refuses the request (a challenge page). */
    public static final String REFUSED_HINT = "miRefusedHint";
    /** Failed attempts of the current step, counted by the error policy. */
    public static final String ATTEMPTS = "miAttempts";
    /** The payload as received, kept by a store step for its dead letter and replay. */
    public static final String PAYLOAD = "miPayload";
    /** Where a replay sends the kept payload: the store route and the properties it needs. */
    public static final String REPLAY_TO = "miReplayTo";
    /** The dead letters a replay run re-sends (so a replay that fails again updates them). */
    public static final String REPLAY_OF = "miReplayOf";

    private ExchangeProperties() {
    }
}
