package io.marketintel.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import io.marketintel.pipeline.ExchangeProperties;
import io.marketintel.pipeline.RunResult;
import io.marketintel.pipeline.RunStoreFailures;
import io.marketintel.pipeline.RunTracker;
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
import io.marketintel.http.CalledUrl;
import io.marketintel.pipeline.Failures;
import io.marketintel.pipeline.Mapped;
import io.marketintel.pipeline.PayloadException;
import io.marketintel.store.RunRepository;
import io.marketintel.store.Utc;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where everything that could not be stored ends: the {@code dead_letter} table and a JSON file under
 * {@code deadletter.path} (written first, so a dead letter survives even a database that refuses writes). A run
 * record the database refused at the end of a run (a full disk) is kept the same way, under {@code runs/}, and
 * applied before the next run, so the run shows FAILED instead of RUNNING forever.
 */
public final class DeadLetterService implements RunStoreFailures {

    /** Sub-folder of deadletter.path holding run records the database refused. */
    static final String RUNS = "runs";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DeadLetterRepository repository;
    private final RunTracker tracker;
    private final Path directory;
    private final Clock clock;
    private final long responseTimeoutMs;
    private volatile Stores stores = new Stores(null, null, null);
    /** Dead letters neither the database nor a file could take since start (both disks full): only the log has them. */
    private final AtomicInteger lost = new AtomicInteger();

    /** Where the runtime writes, to name the place in a disk-full error: database file (or URL), backups. */
    public record Stores(String database, Path backups, RunRepository runs) {
    }

    public DeadLetterService(DeadLetterRepository repository, RunTracker tracker, Path directory, Clock clock,
                             long responseTimeoutMs) {
        this.repository = repository;
        this.tracker = tracker;
        this.directory = directory;
        this.clock = clock;
        this.responseTimeoutMs = responseTimeoutMs;
    }

    public Path directory() {
        return directory;
    }

    /** The places a disk-full error names, and the run records kept as files are applied to. */
    public DeadLetterService stores(Stores s) {
        this.stores = s;
        return this;
    }

    /**
     * One line for a failure of the store or the disk: a full disk names the place and the way out; anything else is
     * the exception's message.
     */
    @Override
    public String storeFailure(Throwable e) {
        if (Failures.isDiskFull(e)) {
            return Failures.diskFull(e, where(e));
        }
        return e.getMessage();
    }

    /** The database for an SQL failure, else the backup folder (the other place a route writes to). */
    private String where(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException) {
                return stores.database();
            }
        }
        return stores.backups() == null ? null : stores.backups().toString();
    }

    /**
     * The first step of a store route: keeps the payload as received and how to come back with it ({@code endpoint},
     * with the exchange properties the payload needs, named in {@code properties}), so a store that fails later (a
     * locked database, a mapper bug) is replayed from the payload without calling the API again.
     */
    public void keepForReplay(Exchange ex, String endpoint, String properties) {
        ex.setProperty(ExchangeProperties.PAYLOAD, ex.getMessage().getBody(String.class));
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
        ex.setProperty(ExchangeProperties.REPLAY_TO, to.toString());
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
            ? Math.max(1, ex.getProperty(ExchangeProperties.ATTEMPTS, 0, Integer.class)) : 1;
        String hint = ex.getProperty(ExchangeProperties.HINT, String.class);
        String error = cause == null ? "unknown failure"
            : Failures.isDiskFull(cause) ? storeFailure(cause)
            : Failures.explain(cause, hint, ex.getProperty(ExchangeProperties.REFUSED_HINT, String.class), attempts, responseTimeoutMs);
        HttpOperationFailedException http = Failures.http(cause);
        String payload;
        String endpoint;
        if (http != null) {
            payload = http.getResponseBody();
            String request = ex.getIn().getBody(String.class);
            endpoint = CalledUrl.stripQuerySecrets(http.getUri())
                + (request == null || request.isBlank() ? "" : " request-body=" + request);
        } else {
            // a store route keeps its input as miPayload: the body may be rows by the time a write fails
            String kept = ex.getProperty(ExchangeProperties.PAYLOAD, String.class);
            payload = kept != null ? kept : ex.getIn().getBody(String.class);
            // the URL called, path included (an http endpoint's URI alone lacks CoinGecko's path, Farside's page)
            endpoint = CalledUrl.of(ex, ex.getProperty(Exchange.FAILURE_ENDPOINT, String.class));
        }
        String routeId = ex.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        // a payload that is itself bad (truncated, malformed, changed) would fail the same way again: the replay
        // asks the API for a new one; any other failure after the store route kept its payload re-sends the payload
        String replayTo = ex.getProperty(ExchangeProperties.REPLAY_TO, String.class);
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
        String payload = ex.getProperty(ExchangeProperties.PAYLOAD, String.class);
        store(ex, ex.getFromRouteId(), null, shape.message(), null, payload != null ? payload : shape.first().payload(),
            DeadLetter.RUN_SOURCE);
    }

    private void store(Exchange ex, String routeId, String endpoint, String error, Integer status, String payload,
                       String replay) {
        String runId = ex.getProperty(ExchangeProperties.RUN_ID, String.class);
        String source = ex.getProperty(ExchangeProperties.SOURCE, String.class);
        DeadLetter d = new DeadLetter(UUID.randomUUID().toString(), runId, source, routeId == null ? "?" : routeId,
            endpoint, error, status, payload, Utc.now(clock), replay);
        tracker.deadLettered(runId, error);
        DeadLetterReplay.Pending replaying = ex.getProperty(ExchangeProperties.REPLAY_OF, DeadLetterReplay.Pending.class);
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
        String fileError = writeFile(d);
        try {
            repository.insert(d);
        } catch (Exception e) {
            if (fileError == null) {
                LOG.error("Dead letter {} kept only as a file ({}): the database refused it: {}", d.id(),
                    directory.resolve(fileName(d)), storeFailure(e));
            } else {
                lost.incrementAndGet();
                LOG.error("Dead letter {} is lost: the database refused it ({}) and its file could not be written ({}); "
                    + "the error above is all that remains", d.id(), storeFailure(e), fileError);
            }
        }
    }

    /** Writes the dead letter's file; null when written, else why not (no temp file is left behind). */
    private String writeFile(DeadLetter d) {
        Path tmp = directory.resolve("." + fileName(d) + ".tmp");
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
            Files.writeString(tmp, JSON.writeValueAsString(m), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            String why = Failures.isDiskFull(e) ? "disk full at " + directory : e.toString();
            LOG.error("Could not write dead letter file {}: {}", directory.resolve(fileName(d)), why);
            return why;
        }
    }

    private static void deleteQuietly(Path tmp, IOException cause) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Dead letters that exist only as files (the database refused them), for the summary and {@code --status}: they
     * are pending as much as those in the table. Reads only.
     */
    public int countOnlyInFiles() {
        List<String> ids = fileIds();
        if (ids.isEmpty()) {
            return 0;
        }
        try {
            Set<String> known = repository.ids();
            return (int) ids.stream().filter(id -> !known.contains(id)).count();
        } catch (Exception e) {
            LOG.warn("Dead letter ids unreadable ({}); counting every file in {}", e.getMessage(), directory);
            return ids.size();
        }
    }

    /** Dead letters lost since start: the database and the file both refused them (see the log). */
    public int lost() {
        return lost.get();
    }

    private List<String> fileIds() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.startsWith("."))
                .map(DeadLetterService::idOf).toList();
        } catch (IOException e) {
            LOG.warn("Cannot list the dead letter files in {}: {}", directory, e.getMessage());
            return List.of();
        }
    }

    private static String idOf(String fileName) {
        return fileName.substring(Math.max(0, fileName.length() - 41), fileName.length() - 5);
    }

    /** The end of a run the database refused (disk full), kept as a file until {@link #applyKeptRunRecords()}. */
    @Override
    public void keepRunRecord(RunResult r, String finishedAt, String why) {
        Path runsDir = directory.resolve(RUNS);
        Path target = runsDir.resolve(r.runId() + ".json");
        Path tmp = runsDir.resolve("." + r.runId() + ".json.tmp");
        try {
            Files.createDirectories(runsDir);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", r.runId());
            m.put("source", r.source());
            m.put("started_at", Utc.iso(r.startedAt()));
            m.put("finished_at", finishedAt);
            m.put("duration_ms", r.durationMs());
            m.put("rows", r.rows());
            m.put("dead_letters", r.deadLetters());
            m.put("outcome", r.outcome().name());
            m.put("error", r.error());
            Files.writeString(tmp, JSON.writeValueAsString(m), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.error("Run {} of {} ended {} but the database refused its run record ({}); kept in {}, applied before "
                + "the next run", r.runId(), r.source(), r.outcome(), why, target);
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            LOG.error("Run {} of {} ended {} but neither the database ({}) nor the file {} took its run record ({}); "
                + "the next start marks it ABANDONED", r.runId(), r.source(), r.outcome(), why, target, e.toString());
        }
    }

    /** Run records kept as files by run id (outcome, error, ...), for {@code --status}. Reads only. */
    public Map<String, Map<String, Object>> keptRunRecords() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Path runsDir = directory.resolve(RUNS);
        if (!Files.isDirectory(runsDir)) {
            return out;
        }
        try (var files = Files.list(runsDir)) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".json")
                && !x.getFileName().toString().startsWith(".")).sorted().toList()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.readValue(f.toFile(), Map.class);
                out.put(String.valueOf(m.get("run_id")), m);
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the run records kept in {}: {}", runsDir, e.getMessage());
        }
        return out;
    }

    private static int finished(RunRepository runs, String id, Map<String, Object> m) throws SQLException {
        return runs.finished(id, (String) m.get("finished_at"), ((Number) m.get("duration_ms")).longValue(),
            ((Number) m.get("rows")).intValue(), ((Number) m.get("dead_letters")).intValue(), (String) m.get("outcome"),
            (String) m.get("error"));
    }

    /**
     * Writes the run records kept as files into {@code ingest_run} (each file is removed once applied). Called at
     * start before runs left RUNNING are marked ABANDONED, and before each run.
     */
    public synchronized int applyKeptRunRecords() {
        RunRepository runs = stores.runs();
        if (runs == null) {
            return 0;
        }
        int applied = 0;
        for (Map.Entry<String, Map<String, Object>> e : keptRunRecords().entrySet()) {
            Map<String, Object> m = e.getValue();
            try {
                String id = e.getKey();
                if (finished(runs, id, m) == 0) {
                    // its start was refused too
                    runs.started(id, (String) m.get("source"), (String) m.get("started_at"));
                    finished(runs, id, m);
                }
                Files.deleteIfExists(directory.resolve(RUNS).resolve(e.getKey() + ".json"));
                applied++;
            } catch (Exception ex) {
                LOG.warn("Run record {} kept in {} not applied yet: {}", e.getKey(), directory.resolve(RUNS),
                    storeFailure(ex));
                break;
            }
        }
        if (applied > 0) {
            LOG.warn("Applied {} run record(s) the database had refused earlier (kept in {})", applied,
                directory.resolve(RUNS));
        }
        return applied;
    }

    /**
     * Dead letters the database refused (it was locked or failing) exist only as files; this puts them into the table,
     * so {@code --status} and replay see them. Called before each run and each replay.
     */
    @Override
    public synchronized int importOrphans() {
        applyKeptRunRecords();
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int imported = 0;
        try (var files = Files.list(directory)) {
            List<Path> json = files.filter(f -> f.getFileName().toString().endsWith(".json")
                && !f.getFileName().toString().startsWith(".")).toList();
            if (json.isEmpty()) {
                return 0;
            }
            Set<String> known = repository.ids();
            for (Path f : json) {
                String name = f.getFileName().toString();
                String id = idOf(name);
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
            LOG.warn("Could not import dead letter files from {}: {}", directory, storeFailure(e));
        }
        if (imported > 0) {
            LOG.warn("Imported {} dead letter(s) that the database had refused earlier (kept as files in {})", imported,
                directory);
        }
        return imported;
    }

    private static String text(JsonNode m, String field) {
        var n = m.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String fileName(DeadLetter d) {
        String src = d.source() == null ? "unknown" : d.source().replaceAll("[^a-z0-9-]", "_");
        return d.failedAt().replace(":", "") + "_" + src + "_" + d.id() + ".json";
    }
}
