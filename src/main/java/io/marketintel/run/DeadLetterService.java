package io.marketintel.run;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.marketintel.http.Failures;
import io.marketintel.source.Mapped;
import io.marketintel.source.PayloadException;
import io.marketintel.store.DeadLetter;
import io.marketintel.store.DeadLetterRepository;
import io.marketintel.store.Utc;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where everything that could not be stored ends: the {@code dead_letter} table and a JSON file under
 * {@code deadletter.path} (written first, so a dead letter survives even a database that refuses writes).
 */
public final class DeadLetterService {

    /** Exchange property a route sets to name the property an operator should fix for its 4xx errors. */
    public static final String HINT = "miHint";
    /** Exchange property a store route sets to its input payload, so a failed write dead-letters the payload. */
    public static final String PAYLOAD = "miPayload";
    /** Exchange property a store route sets to where a replay re-sends its payload (see {@link #keepForReplay}). */
    public static final String REPLAY_TO = "miReplayTo";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DeadLetterRepository repository;
    private final RunTracker tracker;
    private final Path directory;
    private final Clock clock;
    private final long responseTimeoutMs;

    public DeadLetterService(DeadLetterRepository repository, RunTracker tracker, Path directory, Clock clock,
                             long responseTimeoutMs) {
        this.repository = repository;
        this.tracker = tracker;
        this.directory = directory;
        this.clock = clock;
        this.responseTimeoutMs = responseTimeoutMs;
    }

    /**
     * The first step of a store route: keeps the payload as received and how to come back with it ({@code endpoint},
     * with the exchange properties the payload needs, named in {@code properties}), so a store that fails later (a
     * locked database, a mapper bug) is replayed from the payload without calling the API again.
     */
    public void keepForReplay(Exchange ex, String endpoint, String properties) {
        ex.setProperty(PAYLOAD, ex.getMessage().getBody(String.class));
        StringBuilder to = new StringBuilder(endpoint);
        char sep = '?';
        for (String name : properties.split(",")) {
            Object v = name.isBlank() ? null : ex.getProperty(name.strip());
            if (v != null) {
                to.append(sep).append(name.strip()).append('=')
                    .append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        ex.setProperty(REPLAY_TO, to.toString());
    }

    /** A replay target kept by {@link #keepForReplay}: the endpoint, and the exchange properties to set. */
    public record ReplayTo(String endpoint, Map<String, Object> properties) {

        public static ReplayTo parse(String target) {
            int q = target.indexOf('?');
            Map<String, Object> props = new LinkedHashMap<>();
            if (q >= 0) {
                for (String pair : target.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    props.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return new ReplayTo(q < 0 ? target : target.substring(0, q), props);
        }

        public String routeId() {
            return endpoint.substring(endpoint.indexOf(':') + 1);
        }
    }

    /** The dead letter channel's target: the exchange failed for good after its redeliveries. */
    public void failed(Exchange ex) {
        Throwable cause = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = ex.getException();
        }
        // only retryable failures went through the policy's attempt counter; anything else failed on its first try
        int attempts = cause != null && Failures.isRetryable(cause)
            ? Math.max(1, ex.getProperty(io.marketintel.routes.ErrorPolicyRoutes.ATTEMPTS, 0, Integer.class)) : 1;
        String hint = ex.getProperty(HINT, String.class);
        String error = cause == null ? "unknown failure" : Failures.explain(cause, hint, attempts, responseTimeoutMs);
        HttpOperationFailedException http = Failures.http(cause);
        String payload;
        String endpoint;
        if (http != null) {
            payload = http.getResponseBody();
            String request = ex.getIn().getBody(String.class);
            endpoint = Failures.stripQuerySecrets(http.getUri())
                + (request == null || request.isBlank() ? "" : " request-body=" + request);
        } else {
            // a store route keeps its input as miPayload: the body may be rows by the time a write fails
            String kept = ex.getProperty(PAYLOAD, String.class);
            payload = kept != null ? kept : ex.getIn().getBody(String.class);
            endpoint = Failures.stripQuerySecrets(ex.getProperty(Exchange.FAILURE_ENDPOINT, String.class));
        }
        String routeId = ex.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        // a payload that is itself bad (truncated, malformed, changed) would fail the same way again: the replay
        // asks the API for a new one; any other failure after the store route kept its payload re-sends the payload
        String replayTo = ex.getProperty(REPLAY_TO, String.class);
        String replay = http == null && replayTo != null && !isBadPayload(cause) ? replayTo : DeadLetter.RUN_SOURCE;
        store(ex, routeId, endpoint, error, http == null ? null : http.getStatusCode(), payload, replay);
    }

    static boolean isBadPayload(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PayloadException || c instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    /** A record that failed a data check: dead-lettered alone while the valid records of its payload are stored. */
    public void rejected(Exchange ex) {
        Mapped.Reject r = ex.getIn().getBody(Mapped.Reject.class);
        String routeId = ex.getFromRouteId();
        store(ex, routeId, null, "record rejected: " + r.reason(), null, r.payload(), DeadLetter.RUN_SOURCE);
    }

    /**
     * Most records of a payload failed the same check: the API's shape changed. One dead letter for the payload
     * (kept whole when its store route keeps it), instead of one per record.
     */
    public void shapeChanged(Exchange ex) {
        Mapped<?> m = ex.getIn().getBody(Mapped.class);
        Mapped.ShapeChange shape = m.getShapeChange();
        String payload = ex.getProperty(PAYLOAD, String.class);
        store(ex, ex.getFromRouteId(), null, shape.message(), null, payload != null ? payload : shape.first().payload(),
            DeadLetter.RUN_SOURCE);
    }

    private void store(Exchange ex, String routeId, String endpoint, String error, Integer status, String payload,
                       String replay) {
        String runId = ex.getProperty(IngestRunner.RUN_ID, String.class);
        String source = ex.getProperty(IngestRunner.SOURCE, String.class);
        DeadLetter d = new DeadLetter(UUID.randomUUID().toString(), runId, source, routeId == null ? "?" : routeId,
            endpoint, error, status, payload, Utc.now(clock), replay);
        tracker.deadLettered(runId, error);
        DeadLetterReplay.Pending replaying = ex.getProperty(DeadLetterReplay.REPLAY_OF, DeadLetterReplay.Pending.class);
        String again = replaying == null ? null : replaying.claim(d.routeId(), endpoint, error);
        if (again != null) {
            // a replay failed again: the same dead letter stays pending with the new failure, no duplicate
            LOG.error("Dead letter {} [{} / {}] failed again on replay: {}", again, source, d.routeId(), error);
            try {
                repository.failedAgain(again, d);
            } catch (Exception e) {
                LOG.error("Could not update dead letter {}: {}", again, e.getMessage());
            }
            return;
        }
        LOG.error("Dead letter {} [{} / {}]: {}", d.id(), source, d.routeId(), error);
        writeFile(d);
        try {
            repository.insert(d);
        } catch (Exception e) {
            LOG.error("Dead letter {} kept only as a file ({}): the database refused it: {}", d.id(),
                directory.resolve(fileName(d)), e.getMessage());
        }
    }

    private void writeFile(DeadLetter d) {
        try {
            Files.createDirectories(directory);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("run_id", d.runId());
            m.put("source", d.source());
            m.put("route_id", d.routeId());
            m.put("endpoint", d.endpoint());
            m.put("error", d.error());
            m.put("http_status", d.httpStatus());
            m.put("failed_at", d.failedAt());
            m.put("original_payload", d.payload());
            m.put("replay", d.replay());
            Path target = directory.resolve(fileName(d));
            Path tmp = directory.resolve("." + fileName(d) + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(m), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.error("Could not write dead letter file for {}: {}", d.id(), e.getMessage());
        }
    }

    /**
     * Dead letters the database refused (it was locked or failing) exist only as files; this puts them into the table,
     * so {@code --status} and replay see them. Called before each run and each replay.
     */
    public synchronized int importOrphans() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int imported = 0;
        try (var files = Files.list(directory)) {
            List<Path> json = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
            if (json.isEmpty()) {
                return 0;
            }
            java.util.Set<String> known = repository.ids();
            for (Path f : json) {
                String name = f.getFileName().toString();
                String id = name.substring(Math.max(0, name.length() - 41), name.length() - 5);
                if (known.contains(id)) {
                    continue;
                }
                var m = JSON.readTree(f.toFile());
                repository.insert(new DeadLetter(m.path("id").asText(), text(m, "run_id"), text(m, "source"),
                    m.path("route_id").asText("?"), text(m, "endpoint"), m.path("error").asText(),
                    m.path("http_status").isNumber() ? m.path("http_status").asInt() : null, text(m, "original_payload"),
                    m.path("failed_at").asText(), text(m, "replay")));
                imported++;
            }
        } catch (Exception e) {
            LOG.warn("Could not import dead letter files from {}: {}", directory, e.getMessage());
        }
        if (imported > 0) {
            LOG.warn("Imported {} dead letter(s) that the database had refused earlier (kept as files in {})", imported,
                directory);
        }
        return imported;
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode m, String field) {
        var n = m.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String fileName(DeadLetter d) {
        String src = d.source() == null ? "unknown" : d.source().replaceAll("[^a-z0-9-]", "_");
        return d.failedAt().replace(":", "") + "_" + src + "_" + d.id() + ".json";
    }
}
