package io.marketintel.source.etf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.marketintel.pipeline.IngestRunner;
import io.marketintel.pipeline.RunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETF inbox's decision per dropped file. The file consumer hands each file here; it becomes one run of source
 * {@code etf-inbox} (a run record, dead letter and CSV backup like any source, through {@code direct:etf-inbox-file}).
 * A stored file goes to {@code .done/}; a rejected one to {@code .error/} with {@code <name>.error.txt} beside it,
 * listing each bad line and why (or the run's error when the content was fine but the store failed).
 * Files the consumer does not read (hidden names, other extensions) are named once each by {@link #reportIgnored()}.
 * No Camel imports: the consumer route moves the file to the folder this returns.
 */
public final class EtfInbox {

    public static final String SOURCE_ID = "etf-inbox";
    /** Exchange property carrying the file name into the run. */
    public static final String FILE = "miInboxFile";
    public static final String DONE = ".done";
    public static final String ERROR = ".error";

    private static final Logger LOG = LoggerFactory.getLogger(EtfInbox.class);

    private final IngestRunner runner;
    private final EtfCsvParser parser;
    private final Path inbox;
    /** Ignored files already named in the log, so each is named once while it stays. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public EtfInbox(IngestRunner runner, EtfCsvParser parser, Path inbox) {
        this.runner = runner;
        this.parser = parser;
        this.inbox = inbox;
    }

    /** Stores a file in one run; returns the sub-folder the file moves to. */
    public String receive(String fileName, String content) {
        String name = Path.of(fileName).getFileName().toString();
        RunResult r = runner.run(SOURCE_ID, "direct:etf-inbox-file", content, Map.of(FILE, name));
        if (r.outcome() == RunResult.Outcome.SKIPPED) {
            // cannot happen with one consumer thread; failing keeps the file for the next poll
            throw new IllegalStateException("inbox run skipped for " + name + ": " + r.error());
        }
        if (r.outcome() == RunResult.Outcome.SUCCESS) {
            LOG.info("Inbox file {} stored: {} row(s); moved to {}/", name, r.rows(), DONE);
            return DONE;
        }
        List<EtfCsvParser.Problem> problems = parser.read(content).problems();
        String report = problems.isEmpty()
            ? "not stored: " + r.error() + "\n(the content is valid; drop the file again once the cause is fixed)\n"
            : problems.stream().map(EtfCsvParser.Problem::toString).collect(Collectors.joining("\n", "", "\n"));
        Path errorFile = inbox.resolve(ERROR).resolve(name + ".error.txt");
        try {
            Files.createDirectories(errorFile.getParent());
            Files.writeString(errorFile, report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + errorFile, e);
        }
        LOG.warn("Inbox file {} rejected, nothing stored ({} bad line(s)); see {}", name, problems.size(), errorFile);
        return ERROR;
    }

    /**
     * Names in the log, once each, the files of the inbox folder the consumer does not read: a hidden name (the
     * consumer never reads those: editors and copy tools use them while writing) or another extension than .csv.
     * Returns the names newly reported.
     */
    public List<String> reportIgnored() {
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        List<String> present;
        try (Stream<Path> files = Files.list(inbox)) {
            present = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                .filter(n -> n.startsWith(".") || !n.toLowerCase(Locale.ROOT).endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Cannot list the inbox {}: {}", inbox, e.getMessage());
            return List.of();
        }
        reported.retainAll(present);   // a file removed and dropped again is named again
        List<String> fresh = new ArrayList<>();
        for (String n : present) {
            if (reported.add(n)) {
                fresh.add(n);
                boolean hidden = n.startsWith(".");
                boolean csv = n.toLowerCase(Locale.ROOT).endsWith(".csv");
                if (hidden && csv) {
                    LOG.warn("Inbox file {} is not imported: its name starts with a dot (hidden, as editors and copy "
                        + "tools name a file while writing it); rename it to {} to import it", n, n.replaceFirst("^\\.+", ""));
                } else if (hidden) {
                    LOG.warn("Inbox file {} is not imported: a hidden file, and only .csv files are read", n);
                } else {
                    LOG.warn("Inbox file {} is not imported: only .csv files are read; rename it to {} if it holds "
                        + "flows (as_of_date,ticker,net_flow_usd[,asset])", n, n.replaceFirst("(\\.[^.]*)?$", ".csv"));
                }
            }
        }
        return fresh;
    }
}
