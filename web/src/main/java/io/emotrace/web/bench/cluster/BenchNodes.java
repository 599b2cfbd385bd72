package io.emotrace.web.bench.cluster;

import io.emotrace.EmotraceException;
import io.emotrace.web.bench.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@code serve} processes of one bench run, each its own JVM on loopback with every model loaded before it
 * listens ({@code --warm}, so load time is not counted as analysis): one plain node (embedded SQLite, no cluster),
 * or {@code count} cluster nodes sharing one PostgreSQL database, one data directory and one Hazelcast cluster.
 * Started together, as a deployment would.
 */
final class BenchNodes implements AutoCloseable {
    /** What Hazelcast asks for on Java 17 (it warns and takes slower paths without). */
    static final List<String> HAZELCAST_JVM = List.of("--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /** Node id -> process, in start order. */
    final Map<String, ServiceProcess> nodes = new LinkedHashMap<>();

    private BenchNodes() {
    }

    /** One node without cluster mode: the baseline. */
    static BenchNodes single(Path data, Path config, String heap, Path log) throws EmotraceException {
        BenchNodes n = new BenchNodes();
        n.nodes.put("single", ServiceProcess.start(data, heap, 0, log, 600,
                List.of("--warm", "--config", config.toString())));
        return n;
    }

    /** {@code count} cluster nodes, Hazelcast on ports from {@code hazelcastPort} (explicit TCP/IP members). */
    static BenchNodes cluster(int count, Path data, Path config, String heap, Path log, BenchDatabase db,
                              int hazelcastPort) throws EmotraceException {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add("127.0.0.1:" + (hazelcastPort + i));
        }
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = "bench-n" + i;
            List<String> options = List.of("--warm", "--config", config.toString(), "--cluster", "--db",
                    db.serveUrl(), "--node-id", id, "--cluster-port", Integer.toString(hazelcastPort),
                    "--cluster-members", String.join(",", members));
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return ServiceProcess.start(data, heap, 0, log.resolveSibling(log.getFileName() + "." + id),
                            600, HAZELCAST_JVM, options);
                } catch (EmotraceException e) {
                    throw new CompletionException(e);
                }
            }));
        }
        BenchNodes n = new BenchNodes();
        EmotraceException failed = null;
        for (int i = 0; i < count; i++) {
            try {
                n.nodes.put("bench-n" + (i + 1), starting.get(i).join());
            } catch (CompletionException e) {
                failed = e.getCause() instanceof EmotraceException ee ? ee
                        : new EmotraceException("bench.child_failed", String.valueOf(e.getCause()), e.getCause());
            }
        }
        if (failed != null) {
            n.close();
            throw failed;
        }
        return n;
    }

    /** The service settings of every bench node: no request limit in the way, the lease under test. */
    static Path config(Path dir, double leaseSeconds, String clusterName) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve("bench-serve.json");
        Files.writeString(f, "{\"rateLimitPerSecond\": 100000, \"rateLimitBurst\": 100000, \"leaseSeconds\": "
                + leaseSeconds + ", \"clusterPollMs\": 250, \"clusterName\": \"" + clusterName + "\"}\n");
        return f;
    }

    List<String> urls() {
        return nodes.values().stream().map(ServiceProcess::baseUrl).toList();
    }

    /** CPU seconds used so far by all nodes (user + system). */
    double cpuSeconds() {
        return nodes.values().stream().mapToDouble(ServiceProcess::cpuSeconds).sum();
    }

    @Override
    public void close() {
        for (ServiceProcess p : nodes.values()) {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
