package io.marketintel.run;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.marketintel.store.DeadLetterRepository;
import io.marketintel.store.Utc;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --replay-dead-letters [--source X]}: once the cause is fixed, pending dead letters go through their routes
 * again, through the runner (run record, no overlap), and are marked replayed when that succeeds. Nothing is dropped:
 * a replay that fails again leaves its dead letter pending, with the new error.
 * <ul>
 * <li>a payload that failed in a source's store route ({@code <source>-store}: a locked database, a mapper bug) is
 * sent again from the stored payload, without calling the API;</li>
 * <li>everything else (the request failed, a record failed a data check, a page failed to parse) is replayed by
 * running the source again: the provider's answer is the original, and a stored single record cannot be re-read
 * outside its payload.</li>
 * </ul>
 * A source that is switched off is not replayed: its dead letters stay pending.
 */
public final class DeadLetterReplay {

    /** Exchange property: the id of the dead letter being replayed; a new failure updates it instead of adding one. */
    public static final String REPLAY_OF = "miReplayOf";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    public record Outcome(String id, String source, String how, boolean replayed, String error) {
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
            Source.byId(sourceOrNull);
        }
        DeadLetterService service = camel.getRegistry().lookupByNameAndType("deadLetters", DeadLetterService.class);
        if (service != null) {
            service.importOrphans();
        }
        List<Outcome> out = new ArrayList<>();
        Map<String, List<String>> rerun = new LinkedHashMap<>();
        for (Map<String, Object> d : deadLetters.pending(sourceOrNull)) {
            String id = (String) d.get("id");
            String source = (String) d.get("source");
            String routeId = (String) d.get("route_id");
            String payload = (String) d.get("original_payload");
            String error = (String) d.get("error");
            if (source == null) {
                out.add(new Outcome(id, "?", "skipped", false, "no source recorded"));
                continue;
            }
            Source s = Source.jobs().stream().filter(j -> j.id().equals(source)).findFirst().orElse(null);
            if (s != null && !runner.isEnabled(s)) {
                out.add(new Outcome(id, source, "skipped", false, "the source is off (" + s.enabledKey()
                    + "=false): switch it on to replay this dead letter"));
                continue;
            }
            boolean storeRoute = (source + "-store").equals(routeId) && camel.getRoute(routeId) != null;
            if (storeRoute && payload != null && !error.startsWith("record rejected")) {
                RunResult r = runner.run(source, "direct:" + routeId, payload, Map.of(REPLAY_OF, id));
                boolean ok = r.outcome().ok();
                if (ok) {
                    deadLetters.markReplayed(id, Utc.now(clock));
                }
                out.add(new Outcome(id, source, "payload re-sent to " + routeId, ok, r.error()));
            } else {
                rerun.computeIfAbsent(source, k -> new ArrayList<>()).add(id);
            }
        }
        for (Map.Entry<String, List<String>> e : rerun.entrySet()) {
            RunResult r = runner.runOne(e.getKey());
            boolean ok = r.outcome().ok();
            for (String id : e.getValue()) {
                if (ok) {
                    deadLetters.markReplayed(id, Utc.now(clock));
                }
                out.add(new Outcome(id, e.getKey(), "source run again", ok, r.error()));
            }
        }
        LOG.info("Replayed {} dead letter(s): {} now stored, {} still pending", out.size(),
            out.stream().filter(Outcome::replayed).count(), out.stream().filter(o -> !o.replayed()).count());
        return out;
    }
}
