package io.marketintel.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

/**
 * A real installation for process-level tests: a working directory holding {@code application.properties} and
 * {@code routes/} (copied from the project), the packaged jar run as a child process, and a local HTTP server on
 * 127.0.0.1 answering like Alternative.me with a pre-rendered payload.
 */
final class Installation implements AutoCloseable {

    final Path home;
    final HttpServer server;
    final AtomicReference<byte[]> payload = new AtomicReference<>(new byte[0]);
    final int httpPort = io.marketintel.acceptance.UserInstall.freePort();

    Installation() throws IOException {
        home = Files.createTempDirectory("market-intel-it");
        Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
        Files.createDirectories(home.resolve("routes"));
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, home.resolve("routes").resolve(f.getFileName()));
            }
        }
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fng/", ex -> {
            byte[] body = payload.get();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A Fear & Greed payload of {@code days} days whose classification carries the version (to detect mixes). */
    static byte[] fearGreed(int days, int version) {
        StringBuilder sb = new StringBuilder(days * 90).append("{\"name\":\"Fear and Greed Index\",\"data\":[");
        for (int i = 0; i < days; i++) {
            if (i > 0) {
                sb.append(',');
            }
            long ts = (long) i * 86_400L;
            sb.append("{\"value\":\"").append((i * 7 + version) % 101).append("\",\"value_classification\":\"v")
                .append(version).append("\",\"timestamp\":\"").append(ts).append("\"}");
        }
        return sb.append("],\"metadata\":{\"error\":null}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dfeargreed.base-url=" + baseUrl());
        cmd.add("-Dbackup.csv.enabled=false");
        // these runs are about Fear & Greed; Farside (on by default) would fail --once without network
        cmd.add("-Detf.farside.enabled=false");
        cmd.add("-Dcoingecko.enabled=false");
        // a free port for the HTTP server: the shipped 8080 may be held by another run on this machine
        cmd.add("-Dcamel.server.port=" + httpPort);
        for (String a : args) {
            if (a.startsWith("-D")) {
                cmd.add(a);
            }
        }
        cmd.add("-jar");
        cmd.add(System.getProperty("market-intel.jar", "target/market-intel.jar"));
        for (String a : args) {
            if (!a.startsWith("-D")) {
                cmd.add(a);
            }
        }
        return new ProcessBuilder(cmd).directory(home.toFile())
            .redirectOutput(home.resolve("stdout.log").toFile())
            .redirectError(home.resolve("stderr.log").toFile())
            .start();
    }

    String stderr() throws IOException {
        return Files.readString(home.resolve("stderr.log"));
    }

    String stdout() throws IOException {
        return Files.readString(home.resolve("stdout.log"));
    }

    Path db() {
        return home.resolve("data/market_intel.db");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
