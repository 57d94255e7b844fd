package io.marketintel.monitor;

import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.Schedules;
import io.marketintel.pipeline.Source;
import io.marketintel.pipeline.Sources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import io.marketintel.deadletter.DeadLetterRepository;
import io.marketintel.store.RunRepository;

/**
 * Computes a source's {@link SourceFigures} at read time: a few indexed queries (newest row via the source's
 * freshness SQL, its last finished run, its last success, its pending dead letters) plus the runner's in-memory
 * state. Nothing is cached here; callers that are polled (JMX) cache briefly.
 */
public final class SourceMonitor {

    private final IngestRunner runner;
    private final RunRepository runs;
    private final DeadLetterRepository deadLetters;
    private final Clock clock;

    public long redeliveries(Source s) {
        return runner.redeliveries(s.id());
    }

    public SourceMonitor(IngestRunner runner, RunRepository runs, DeadLetterRepository deadLetters, Clock clock) {
        this.runner = runner;
        this.runs = runs;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** The sources whose figures this monitor gives (their YAML declarations). */
    public Sources sources() {
        return runner.sources();
    }

    public SourceFigures figures(Source s) {
        boolean enabled = runner.isEnabled(s);
        boolean running = runner.isRunning(s.id());
        Duration period = null;
        String problem = null;
        if (s.cronKey() != null) {
            try {
                period = Schedules.period(runner.property(s.cronKey()));
            } catch (RuntimeException e) {
                problem = s.cronKey() + ": " + e.getMessage();
            }
        }
        try {
            Instant now = clock.instant();
            Instant newest = runner.newest(s);
            long age = newest == null ? -1 : Math.max(0, Duration.between(newest, now).getSeconds());
            boolean stale = enabled && stale(s, newest, now, period);
            Map<String, Object> last = runs.lastFinishedRun(s.id());
            String lastSuccess = runs.lastSuccessAt(s.id());
            long pending = deadLetters.countPending(s.id());
            return new SourceFigures(s.id(), enabled, running, period, newest, age, stale, lastSuccess,
                last == null ? null : (String) last.get("started_at"),
                last == null || last.get("rows") == null ? 0 : ((Number) last.get("rows")).intValue(),
                last == null ? "NONE" : (String) last.get("outcome"),
                last == null ? null : (String) last.get("error"), pending, problem);
        } catch (Exception e) {
            String why = "figures unavailable: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            return new SourceFigures(s.id(), enabled, running, period, null, -1, enabled && period != null, null, null, 0,
                "UNKNOWN",
                null, -1, problem == null ? why : problem + "; " + why);
        }
    }

    /** Stale: newer data could have existed for more than twice the schedule period (nothing stored: stale). */
    static boolean stale(Source s, Instant newest, Instant now, Duration period) {
        // an event-driven source (no schedule) has no period to be late against
        if (period == null) {
            return false;
        }
        return newest == null || s.behind(newest, now).compareTo(period.multipliedBy(2)) > 0;
    }
}
