package io.marketintel.source.etf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.marketintel.run.IngestRunner;
import io.marketintel.run.RunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ETF inbox's decision per dropped file. The file consumer hands each file here; it becomes one run of source
 * {@code etf-inbox} (a run record, dead letter and CSV backup like any source, through {@code direct:etf-inbox-file}).
 * A stored file goes to {@code .done/}; a rejected one to {@code .error/} with {@code <name>.error.txt} beside it,
 * listing each bad line and why (or the run's error when the content was fine but the store failed).
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
}
