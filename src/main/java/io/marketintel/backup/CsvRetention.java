package io.marketintel.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import java.util.Collection;
import io.marketintel.store.Utc;

/**
 * Deletes CSV backups older than {@code backup.csv.retention-days}. A file's age is the date in its name
 * ({@code <table>_YYYYMMDD.csv}), not its modification time, which a copy or a restore resets. Only names csv-backup
 * writes are candidates: one of the project's tables (io.marketintel.pipeline.Sources#tables), an underscore, a date, {@code .csv}.
 * Anything else in the folder (a README, a hand-made export such as {@code mynotes_20200101.csv}, a temp file) is
 * never touched. No Camel imports.
 */
public final class CsvRetention {

    /** The shape of the names csv-backup writes; the table part must also be one of the tables. */
    static final Pattern BACKUP = Pattern.compile("([a-z_]{1,40})_(\\d{8})\\.csv");
    /** The tables csv-backup writes files for: those of every source and of the snapshot. */
    private final Set<String> tables;

    private final Path dir;
    private final int retentionDays;
    private final Clock clock;

    public CsvRetention(Path dir, int retentionDays, Clock clock, Collection<String> tables) {
        this.tables = Set.copyOf(tables);
        this.dir = dir;
        this.retentionDays = retentionDays;
        this.clock = clock;
    }

    /** Deletes every backup dated more than retention-days before today (UTC); returns the names removed. */
    public List<String> prune() throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        LocalDate oldestKept = Utc.today(clock).minusDays(retentionDays);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                LocalDate date = backupDate(f.getFileName().toString());
                if (date != null && date.isBefore(oldestKept) && Files.isRegularFile(f)) {
                    Files.delete(f);
                    removed.add(f.getFileName().toString());
                }
            }
        }
        return removed;
    }

    /** The date of a backup file name, or null when the name is not one csv-backup writes. */
    LocalDate backupDate(String name) {
        Matcher m = BACKUP.matcher(name);
        if (!m.matches() || !tables.contains(m.group(1))) {
            return null;
        }
        try {
            return LocalDate.parse(m.group(2), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
