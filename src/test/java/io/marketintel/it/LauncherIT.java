package io.marketintel.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/market-intel runs the packaged jar with its JVM options and the class-data-sharing archive built beside it. */
class LauncherIT {

    static final Path JAR = Path.of(System.getProperty("market-intel.jar", "target/market-intel.jar")).toAbsolutePath();

    record Result(int exit, String out) {
    }

    static Result launch(String jar, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of("bin/market-intel").toAbsolutePath().toString());
        pb.command().addAll(List.of(args));
        pb.environment().put("MARKET_INTEL_JAR", jar);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS");
        Process p = pb.directory(Files.createTempDirectory("launcher-it").toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    @Test
    void should_run_the_jar_with_the_small_server_options_the_archive_and_leading_jvm_options() throws Exception {
        Result r = launch(JAR.toString(), "-XX:+PrintCommandLineFlags", "-Dmarket-intel.launcher-test=1", "--help");

        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("Usage: "), r.out());
        for (String flag : List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:MaxHeapSize=134217728")) {
            assertTrue(r.out().contains(flag), flag + " in " + r.out());
        }
        Path jsa = Path.of(JAR.toString().replaceAll("\\.jar$", ".jsa"));
        assertTrue(Files.exists(jsa), "package writes the class-data-sharing archive " + jsa);
        assertTrue(r.out().contains("-XX:SharedArchiveFile=" + jsa), r.out());
        assertTrue(!r.out().contains("[cds"), "no CDS warning on the console: " + r.out());
    }

    @Test
    void should_name_the_missing_jar_and_how_to_build_it() throws Exception {
        Result r = launch("/nonexistent/market-intel.jar", "--once");

        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("/nonexistent/market-intel.jar not found: build it with ./mvnw -q -B package"), r.out());
    }
}
