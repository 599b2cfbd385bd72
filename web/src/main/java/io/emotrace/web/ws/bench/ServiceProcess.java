package io.emotrace.web.ws.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code emotrace serve} as a child process on loopback, so the bench can {@code kill -9} it and start it again on
 * the same data directory. Same JVM binary and classpath as the bench itself.
 */
final class ServiceProcess implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final Path log;
    private Process process;

    ServiceProcess(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
        this.log = dataDir.resolve("service.log");
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String ws() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    Path log() {
        return log;
    }

    /** Starts the service and waits until {@code /api/health} answers. */
    void start(Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.emotrace.cli.Main");
        // a load test from one address: the per-client request rate limit (meant for abuse) is raised for it
        Path config = dataDir.resolve("bench-service.json");
        Files.writeString(config, "{\"rateLimitPerSecond\": 10000, \"rateLimitBurst\": 10000}\n");
        cmd.addAll(List.of("serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data", dataDir.toString(), "--config", config.toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("the service did not answer within " + timeout.toSeconds() + " s; see " + log);
    }

    /** SIGKILL: no shutdown hook, no flush, exactly what a crash or {@code kill -9} does. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
