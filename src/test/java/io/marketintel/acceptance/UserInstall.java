package io.marketintel.acceptance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An installation exactly as a user has it, for the acceptance suite: a scratch folder holding copies of the shipped
 * {@code application.properties} and {@code routes/} (relative paths, shipped defaults: CSV backups and snapshot on),
 * the packaged jar run from it as a child process. The only settings a test adds are the APIs' base URLs (pointing at
 * {@link FakeApis}) and, where a test needs it, timings ({@link #timing}) — nothing that switches a default off.
 */
public final class UserInstall implements AutoCloseable {

    /** What one run of the jar left: exit code, console. */
    public record Result(int exit, String stdout, String stderr) {
        public String console() {
            return stdout + stderr;
        }
    }

    public final Path home;
    public final FakeApis apis;
    /** The HTTP server's port (health, metrics, API): a free one, never the shipped 8080 other runs may hold. */
    public final int httpPort;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> props = new ArrayList<>();
    private int runs;

    public UserInstall() throws IOException {
        home = Files.createTempDirectory("market-intel-user");
        Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
        Files.createDirectories(home.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, home.resolve("routes").resolve(f.getFileName()));
            }
        }
        apis = new FakeApis();
        httpPort = freePort();
        props.add("-Dcamel.server.port=" + httpPort);
        // a local imitation has no rate limit to respect: spacing calls 1.5 s apart only makes the suite slow
        timing("coingecko.rate-limit-delay-seconds", "0");
        timing("retry.initial-delay-ms", "50");
    }

    /** A port nothing listens on now (the system's choice), for a server the test starts. */
    public static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The installation's HTTP server, e.g. {@code http://127.0.0.1:41234}. */
    public String httpBaseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Sets a timing (delay, period, cron): the one kind of setting besides base URLs a test may change. */
    public UserInstall timing(String key, String value) {
        props.add("-D" + key + "=" + value);
        return this;
    }

    /** An environment variable, as a user sets it (API keys, LOG_LEVEL, DB_PATH...). */
    public UserInstall env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** Starts the jar with the given arguments (verbs and -D properties the test is about). */
    public Process start(String... args) throws IOException {
        return startCommand(command(args));
    }

    /**
     * Starts any command in the installation with its environment, output captured like a run of the jar (e.g. a
     * shell running {@link #command} inside a mount namespace).
     */
    public Process startCommand(List<String> cmd) throws IOException {
        int n = ++runs;
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
            .redirectOutput(home.resolve("stdout." + n + ".txt").toFile())
            .redirectError(home.resolve("stderr." + n + ".txt").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The command line that runs the jar with the given arguments, as {@link #start} runs it. */
    public List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(apis.baseUrlProperties());
        cmd.addAll(props);
        List<String> verbs = new ArrayList<>();
        for (String a : args) {
            (a.startsWith("-D") ? cmd : verbs).add(a);
        }
        cmd.add("-jar");
        cmd.add(Path.of(System.getProperty("market-intel.jar", "target/market-intel.jar")).toAbsolutePath().toString());
        cmd.addAll(verbs);
        return cmd;
    }

    /** Runs the jar to its end (at most {@code seconds}). */
    public Result run(int seconds, String... args) throws Exception {
        Process p = start(args);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the run " + String.join(" ", args) + " did not end within " + seconds + " s:\n" + stdout());
        }
        return new Result(p.exitValue(), stdout(), stderr());
    }

    /** The last started run's standard output so far. */
    public String stdout() throws IOException {
        return Files.readString(home.resolve("stdout." + runs + ".txt"));
    }

    public String stderr() throws IOException {
        return Files.readString(home.resolve("stderr." + runs + ".txt"));
    }

    /** Every log file the runs wrote under {@code logs/}, concatenated. */
    public String logs() throws IOException {
        Path logs = home.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                sb.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    public Path db() {
        return home.resolve("data/market_intel.db");
    }

    /** A COUNT(*) (or any single number) read from the installation's database, between runs. */
    public long count(String sql, Object... params) throws java.sql.SQLException {
        List<String> v = strings(sql, params);
        return v.isEmpty() || v.get(0) == null ? 0 : Long.parseLong(v.get(0));
    }

    /** The first column of a query on the installation's database, as text (null stays null). */
    public List<String> strings(String sql, Object... params) throws java.sql.SQLException {
        return stringsOn("jdbc:sqlite:" + db(), sql, params);
    }

    /** The first column of a query on any database (a shared PostgreSQL), as text (null stays null). */
    public static List<String> stringsOn(String jdbcUrl, String sql, Object... params) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(jdbcUrl); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Every file and folder the installation holds (path → size and modification time), the harness's own console
     * captures left out: equal before and after a run when the run created and changed nothing.
     */
    public Map<String, String> tree() throws IOException {
        Map<String, String> tree = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.toList()) {
                String name = home.relativize(f).toString();
                if (!name.matches("(stdout|stderr)\\.\\d+\\.txt")) {
                    tree.put(name, Files.isDirectory(f) ? "dir"
                        : Files.size(f) + " bytes, " + Files.getLastModifiedTime(f).toMillis());
                }
            }
        }
        return tree;
    }

    /** Asserts no file the installation holds (logs, database, backups, dead letters, console captures) has a secret. */
    public void assertNoFileContains(String... secrets) throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    assertTrue(!content.contains(s), "secret " + s.substring(0, 3) + "… found in " + home.relativize(f));
                }
            }
        }
    }

    @Override
    public void close() {
        apis.close();
        if (Boolean.getBoolean("market-intel.keep-installs")) {
            return;
        }
        // the scratch installation goes with the test (-Dmarket-intel.keep-installs=true keeps it for a look)
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            System.err.println("scratch installation " + home + " not removed: " + e.getMessage());
        }
    }
}
