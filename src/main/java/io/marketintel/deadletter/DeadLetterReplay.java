package io.marketintel.deadletter;

import io.marketintel.pipeline.ExchangeProperties;
import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.RunResult;
import io.marketintel.pipeline.Source;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.marketintel.store.Utc;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --replay-dead-letters [--source X]}: once the cause is fixed, pending dead letters go through their routes
 * again, through the runner (run record, no overlap), and are marked replayed when that succeeds. Nothing is dropped,
 * nothing is doubled: a replay that fails again leaves its dead letter pending with the new failure (one outage, one
 * pending dead letter). How each is replayed was decided when it failed (column {@code replay}):
 * <ul>
 * <li>a payload that failed after its source's store route kept it (a locked database, a mapper bug) is sent again to
 * that route from the stored payload, without calling the API;</li>
 * <li>everything else (the request failed, the payload itself is bad, a record failed a data check) is replayed by
 * running the source again: the provider's answer is the original, and a bad payload would fail the same way.</li>
 * </ul>
 * A source that is switched off is not replayed: its dead letters stay pending.
 */
public final class DeadLetterReplay {


    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    public record Outcome(String id, String source, String how, boolean replayed, String error) {
    }

    /**
     * The pending dead letters one replay run retries. A failure of that run takes one of them over (the one it repeats:
     * same route and endpoint, else same route, else any still open: the outage goes on, with a new error) and updates
     * it instead of adding a dead letter; only failures beyond their number are new dead letters.
     * Shared by the run's exchanges (splits and multicasts copy the reference), hence synchronized.
     */
    public static final class Pending {

        private record Slot(String id, String routeId, String endpoint) {
        }

        private final List<Slot> open = new ArrayList<>();
        private final Map<String, String> failedAgain = new HashMap<>();

        private Pending(List<Map<String, Object>> deadLetters) {
            for (Map<String, Object> d : deadLetters) {
                open.add(new Slot((String) d.get("id"), (String) d.get("route_id"), (String) d.get("endpoint")));
            }
        }

        /** The id of the pending dead letter a new failure repeats (now claimed), or null when it is a new one. */
        synchronized String claim(String routeId, String endpoint, String error) {
            Slot match = open.stream().filter(s -> s.routeId().equals(routeId)
                && Objects.equals(withoutQuery(s.endpoint()), withoutQuery(endpoint))).findFirst()
                .or(() -> open.stream().filter(s -> s.routeId().equals(routeId)).findFirst())
                .or(() -> open.stream().findFirst())
                .orElse(null);
            if (match == null) {
                return null;
            }
            open.remove(match);
            failedAgain.put(match.id(), error);
            return match.id();
        }

        /** The new error of a dead letter that failed again, or null when its failure did not recur. */
        synchronized String failedAgain(String id) {
            return failedAgain.get(id);
        }

        private static String withoutQuery(String endpoint) {
            return endpoint == null ? null : endpoint.replaceFirst("\\?.*$", "");
        }
    }

    private final CamelContext camel;
    private final IngestRunner runner;
    private final DeadLetterRepository deadLetters;
    private final Clock clock;

    public DeadLetterReplay(CamelContext camel, IngestRunner runner, DeadLetterRepository deadLetters, Clock clock) {
        this.camel = camel;
        this.runner = runner;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public List<Outcome> replay(String sourceOrNull) throws SQLException {
        if (sourceOrNull != null) {
            runner.sources().byId(sourceOrNull);
        }
        DeadLetterService service = camel.getRegistry().lookupByNameAndType("deadLetters", DeadLetterService.class);
        if (service != null) {
            service.importOrphans();
        }
        List<Outcome> out = new ArrayList<>();
        Map<String, List<Map<String, Object>>> rerun = new LinkedHashMap<>();
        for (Map<String, Object> d : deadLetters.pending(sourceOrNull)) {
            String id = (String) d.get("id");
            String source = (String) d.get("source");
            Source s = source == null ? null : runner.sources().jobs().stream().filter(j -> j.id().equals(source)).findFirst()
                .orElse(null);
            if (s == null) {
                out.add(new Outcome(id, String.valueOf(source), "skipped", false, "no known source recorded"));
                continue;
            }
            if (!runner.isEnabled(s)) {
                out.add(new Outcome(id, source, "skipped", false, "the source is off (" + s.enabledKey()
                    + "=false): switch it on to replay this dead letter"));
                continue;
            }
            DeadLetterService.ReplayTo to = payloadReplay(d);
            if (to != null) {
                Pending pending = new Pending(List.of(d));
                Map<String, Object> properties = new HashMap<>(to.properties());
                properties.put(ExchangeProperties.REPLAY_OF, pending);
                RunResult r = runner.run(source, to.endpoint(), d.get("original_payload"), properties);
                out.add(settle(id, source, "payload re-sent to " + to.routeId(), pending, r));
            } else if (s.eventDriven()) {
                out.add(new Outcome(id, source, "skipped", false, source + " has no request to repeat: drop the "
                    + "corrected input again"));
            } else {
                rerun.computeIfAbsent(source, k -> new ArrayList<>()).add(d);
            }
        }
        for (Map.Entry<String, List<Map<String, Object>>> e : rerun.entrySet()) {
            Pending pending = new Pending(e.getValue());
            RunResult r = runner.run(e.getKey(), "direct:" + e.getKey(), null, Map.of(ExchangeProperties.REPLAY_OF, pending));
            for (Map<String, Object> d : e.getValue()) {
                out.add(settle((String) d.get("id"), e.getKey(), "source run again", pending, r));
            }
        }
        LOG.info("Replayed {} dead letter(s): {} now stored, {} still pending", out.size(),
            out.stream().filter(Outcome::replayed).count(), out.stream().filter(o -> !o.replayed()).count());
        return out;
    }

    /**
     * After the replay run: a dead letter whose failure recurred stays pending (already updated); one whose failure
     * did not recur is replayed, unless the run did not get to it (skipped, or failed outside the error policy).
     */
    private Outcome settle(String id, String source, String how, Pending pending, RunResult r) throws SQLException {
        String again = pending.failedAgain(id);
        if (again != null) {
            return new Outcome(id, source, how, false, again);
        }
        boolean notReached = r.outcome() == RunResult.Outcome.SKIPPED
            || r.outcome() == RunResult.Outcome.FAILED && r.deadLetters() == 0;
        if (notReached) {
            return new Outcome(id, source, how, false, r.error());
        }
        deadLetters.markReplayed(id, Utc.now(clock));
        return new Outcome(id, source, how, true, null);
    }

    /** Where a dead letter's payload is re-sent, or null when its source must run again. */
    private DeadLetterService.ReplayTo payloadReplay(Map<String, Object> d) {
        String replay = (String) d.get("replay");
        String routeId = (String) d.get("route_id");
        if (replay == null) {
            // written before the replay column: a store route's payload, unless a record of it was rejected
            boolean storeRoute = (d.get("source") + "-store").equals(routeId) && d.get("original_payload") != null
                && !String.valueOf(d.get("error")).startsWith("record rejected");
            replay = storeRoute ? "direct:" + routeId : DeadLetter.RUN_SOURCE;
        }
        if (DeadLetter.RUN_SOURCE.equals(replay) || d.get("original_payload") == null) {
            return null;
        }
        DeadLetterService.ReplayTo to = DeadLetterService.ReplayTo.parse(replay);
        return camel.getRoute(to.routeId()) == null ? null : to;
    }
}
