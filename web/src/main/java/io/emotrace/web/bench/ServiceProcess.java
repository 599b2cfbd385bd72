package io.emotrace.web.bench;

import io.emotrace.EmotraceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code emotrace serve} in a child JVM with this process's classpath, so a benchmark can measure the service's
 * own peak RSS and a fault test can {@code kill -9} it. Output goes to a log file; the base URL is read from the
 * "listening on" line.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Process process;
    private final String baseUrl;

    private ServiceProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the service on a free loopback port with {@code dataDir}; {@code cpus} > 0 pins it to that many cores
     * (taskset when present, and the JVM's processor count).
     */
    public static ServiceProcess start(Path dataDir, String heap, int cpus, Path log, long timeoutSeconds)
            throws EmotraceException {
        return start(dataDir, heap, cpus, log, timeoutSeconds, List.of());
    }

    /** As above, with more {@code serve} options (e.g. {@code --config FILE}). */
    public static ServiceProcess start(Path dataDir, String heap, int cpus, Path log, long timeoutSeconds,
                                       List<String> serveOptions) throws EmotraceException {
        return start(dataDir, heap, cpus, log, timeoutSeconds, List.of(), serveOptions);
    }

    /** As above, with more JVM options before the main class (e.g. what Hazelcast asks for). */
    public static ServiceProcess start(Path dataDir, String heap, int cpus, Path log, long timeoutSeconds,
                                       List<String> jvmOptions, List<String> serveOptions) throws EmotraceException {
        List<String> cmd = new ArrayList<>();
        if (cpus > 0 && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", "0-" + (cpus - 1)));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx" + heap);
        // as the launcher runs serve: G1 gives heap back to the OS once the service idles
        cmd.addAll(List.of("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=15000", "-XX:GCTimeRatio=4"));
        if (cpus > 0) {
            cmd.add("-XX:ActiveProcessorCount=" + cpus);
        }
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.emotrace.cli.Main", "serve",
                "--port", "0", "--data", dataDir.toString()));
        cmd.addAll(serveOptions);
        Process p;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            // the launcher's native settings (see ./emotrace), for a bench started without it
            pb.environment().putIfAbsent("LD_BIND_NOW", "1");
            pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            p = pb.start();
        } catch (IOException e) {
            throw new EmotraceException("bench.child_failed", "cannot start the service process: " + e.getMessage(), e);
        }
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread pump = new Thread(() -> copyOutput(p, log, url), "emotrace-child-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ServiceProcess(p, url.get(timeoutSeconds, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new EmotraceException("bench.child_failed", "the service process did not start listening within "
                    + timeoutSeconds + " s (log: " + log + ")", e);
        }
    }

    private static void copyOutput(Process p, Path log, CompletableFuture<String> url) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                out.flush();
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    url.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
        url.completeExceptionally(new IOException("the service process closed its output (exited)"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Peak resident set size of the process so far (VmHWM), in bytes; -1 when not readable. */
    public long peakRssBytes() {
        return statusKb("VmHWM:") * 1024;
    }

    public long rssBytes() {
        return statusKb("VmRSS:") * 1024;
    }

    private long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time the process has used so far (user + system), in seconds; -1 when not readable. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (100/s)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no flush; what a crash looks like to the data directory. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait (the service's shutdown hook runs). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
