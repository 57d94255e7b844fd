package io.marketintel;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand: upserts stamp ingested_at from it, so a test can tell a rewrite from a no-op. */
public final class StepClock extends Clock {
    public Instant now = Instant.parse("2026-11-23T15:20:00Z");

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
