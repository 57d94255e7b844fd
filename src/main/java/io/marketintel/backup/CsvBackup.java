package io.marketintel.backup;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.marketintel.store.Sql;
import io.marketintel.store.Stored;
import io.marketintel.store.Utc;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The day's CSV backup of a table, {@code <table>_YYYYMMDD.csv}: every row the table's backup SQL (from resources)
 * selects for the UTC day, the column labels as the one header, in RFC 4180 form (commons-csv's DEFAULT format:
 * CRLF, quotes only where needed). Rows stream from a JDBC cursor straight into the file, so memory stays flat in
 * the table's size; the file is written under a temp name and moved into place, and a failure leaves no temp file.
 * No Camel imports.
 */
public final class CsvBackup {

    private static final Pattern TABLE = Pattern.compile("[a-z_]{1,40}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** Rows the driver fetches per round trip: bounded memory, few round trips (PostgreSQL needs it for a cursor). */
    static final int FETCH_SIZE = 1000;

    private final DataSource ds;
    private final Path dir;
    private final Clock clock;

    public CsvBackup(DataSource ds, Path dir, Clock clock) {
        this.ds = ds;
        this.dir = dir;
        this.clock = clock;
    }

    /** What a backup wrote. */
    public record Written(Path file, long rows) {
    }

    /** One lock per table: its day's file is rewritten by one run at a time. */
    private final java.util.Map<String, Object> writing = new java.util.concurrent.ConcurrentHashMap<>();

    /** Backs up today's (UTC) rows of the table an upsert just wrote. */
    public Written write(Stored stored) throws IOException, SQLException {
        return writeDay(stored.table(), Utc.today(clock));
    }

    /** Backs up the rows of a table the backup SQL selects for that UTC day. */
    public Written writeDay(String table, LocalDate day) throws IOException, SQLException {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        String sql = Sql.load("backup_" + table);
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName(table, day));
        // two runs at once (the parts of a sharded source) write the same day's file one after the other
        synchronized (writing.computeIfAbsent(table, k -> new Object())) {
            return writeFile(sql, day, file);
        }
    }

    private Written writeFile(String sql, LocalDate day, Path file) throws IOException, SQLException {
        Path temp = dir.resolve("." + file.getFileName() + ".tmp");
        try {
            long rows = copy(sql, day, temp);
            // same folder, so a rename: a reader sees the old file or the new one, never half of one
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Written(file, rows);
        } catch (IOException | SQLException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public static String fileName(String table, LocalDate day) {
        return table + "_" + DAY.format(day) + ".csv";
    }

    private long copy(String sql, LocalDate day, Path temp) throws IOException, SQLException {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            // a read transaction: PostgreSQL only streams with a cursor inside one; SQLite reads one snapshot
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setString(1, day + "T00:00:00Z");
                ps.setString(2, day.plusDays(1) + "T00:00:00Z");
                try (ResultSet rs = ps.executeQuery();
                     Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                     CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT)) {
                    return print(rs, out);
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        }
    }

    /** The header, then each row as the driver's objects (toString; null is an empty field). No rows: empty file. */
    private static long print(ResultSet rs, CSVPrinter out) throws SQLException, IOException {
        if (!rs.next()) {
            return 0;
        }
        ResultSetMetaData md = rs.getMetaData();
        int columns = md.getColumnCount();
        for (int i = 1; i <= columns; i++) {
            out.print(md.getColumnLabel(i));
        }
        out.println();
        long rows = 0;
        do {
            for (int i = 1; i <= columns; i++) {
                out.print(rs.getObject(i));
            }
            out.println();
            rows++;
        } while (rs.next());
        return rows;
    }

}
