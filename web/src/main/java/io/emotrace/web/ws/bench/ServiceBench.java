package io.emotrace.web.ws.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.Digests;
import io.emotrace.EmotraceException;
import io.emotrace.web.bench.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./emotrace bench service}: the service under load and faults, on loopback, against a child process.
 * <ol>
 *   <li>N WebSocket subscribers on one recording's analysis: every one must receive every event (sequence
 *       numbers 1..last, no gap); p50/p99 latency of live events;</li>
 *   <li>M concurrent uploads: all accepted, all analysed;</li>
 *   <li>{@code kill -9} of the service while an analysis runs, restart on the same data: the interrupted job is
 *       run again to done, its upload intact (the re-run's input sha256 equals the file's), nothing uploaded
 *       before is lost.</li>
 * </ol>
 */
public final class ServiceBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final int subscribers;
    private final int uploads;
    private final Path streamFile;
    private final List<Path> uploadFiles;
    private final Duration timeout;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = new ArrayList<>();
    private ServiceProcess service; // the running child; replaced by the restart

    public ServiceBench(Path dataDir, int subscribers, int uploads, Path streamFile, List<Path> uploadFiles,
                        Duration timeout, PrintStream out) {
        this.dataDir = dataDir;
        this.subscribers = subscribers;
        this.uploads = uploads;
        this.streamFile = streamFile;
        this.uploadFiles = List.copyOf(uploadFiles);
        this.timeout = timeout;
        this.out = out;
    }

    /** Runs every phase; returns the failed checks (empty = all passed). */
    public List<String> run(boolean withKill) throws Exception {
        service = startService();
        try {
            List<String> recordings = new ArrayList<>();
            recordings.add(subscribersPhase());
            recordings.addAll(uploadsPhase());
            if (withKill) {
                killPhase(recordings);
            }
        } finally {
            service.close();
        }
        out.println(failures.isEmpty() ? "bench service: all checks passed"
                : "bench service: FAILED checks:\n  " + String.join("\n  ", failures));
        return failures;
    }

    /** The service on a free loopback port over {@code dataDir}; one address drives the whole load, so the
     * per-client request rate limit and connection cap (meant for abuse) are raised for it. */
    private ServiceProcess startService() throws IOException, EmotraceException {
        Path config = dataDir.resolve("bench-service.json");
        // up to 2000 subscribers from one address: above the default per-address connection cap
        Files.writeString(config, "{\"rateLimitPerSecond\": 10000, \"rateLimitBurst\": 10000, "
                + "\"maxConnections\": 4096, \"maxConnectionsPerAddress\": 4096}\n");
        long t0 = System.nanoTime();
        ServiceProcess s = ServiceProcess.start(dataDir, "2g", 0, dataDir.resolve("service.log"), 180,
                List.of("--config", config.toString()));
        out.printf("service: pid %d on %s (data %s), up in %.1f s%n", s.pid(), s.baseUrl(), dataDir,
                (System.nanoTime() - t0) / 1e9);
        return s;
    }

    private static String ws(ServiceProcess s) {
        return s.baseUrl().replaceFirst("^http", "ws") + "/ws";
    }

    private void check(boolean ok, String what) {
        out.println((ok ? "  ok    " : "  FAIL  ") + what);
        if (!ok) {
            failures.add(what);
        }
    }

    // ---- phase 1 ----
    private String subscribersPhase() throws Exception {
        out.printf("%n[1] %d WebSocket subscribers on one analysis of %s%n", subscribers, streamFile.getFileName());
        String id = upload(streamFile);
        List<BenchSubscriber> subs = new ArrayList<>();
        List<CompletableFuture<?>> connected = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            BenchSubscriber s = new BenchSubscriber(id);
            subs.add(s);
            connected.add(s.connect(http, ws(service)));
        }
        CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long lastSeq = -1;
        int complete = 0;
        List<Long> latencies = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (BenchSubscriber s : subs) {
            long left = Math.max(1, deadline - System.nanoTime());
            long last;
            try {
                last = s.finished.get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                check(false, "a subscriber did not see the analysis finish: " + e + (s.error == null ? ""
                        : " (" + s.error + ")"));
                break;
            }
            lastSeq = Math.max(lastSeq, last);
            if (s.seqs.cardinality() == last && s.seqs.nextClearBit(1) == last + 1 && s.gaps == 0
                    && s.error == null) {
                complete++;
            }
            latencies.addAll(s.latenciesMs);
        }
        subs.forEach(BenchSubscriber::close);
        Collections.sort(latencies);
        out.printf("  events per subscriber: %d; live events measured: %d%n", lastSeq, latencies.size());
        if (!latencies.isEmpty()) {
            out.printf("  event latency: p50 %d ms, p99 %d ms, max %d ms%n", pct(latencies, 0.50),
                    pct(latencies, 0.99), latencies.get(latencies.size() - 1));
        }
        check(complete == subscribers, complete + "/" + subscribers + " subscribers received all " + lastSeq
                + " events");
        return id;
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    // ---- phase 2 ----
    private List<String> uploadsPhase() throws Exception {
        out.printf("%n[2] %d concurrent uploads%n", uploads);
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        List<Future<String>> futures = new ArrayList<>();
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < uploads; i++) {
                Path f = uploadFiles.get(i % uploadFiles.size());
                futures.add(pool.submit(() -> {
                    long t = System.nanoTime();
                    String id = upload(f);
                    millis.add((System.nanoTime() - t) / 1_000_000);
                    return id;
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                try {
                    ids.add(f.get(120, TimeUnit.SECONDS));
                } catch (Exception e) {
                    check(false, "an upload failed: " + e.getMessage());
                }
            }
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            if (!sorted.isEmpty()) {
                out.printf("  upload time: p50 %d ms, max %d ms%n", pct(sorted, 0.5), sorted.get(sorted.size() - 1));
            }
            check(ids.size() == uploads, ids.size() + "/" + uploads + " uploads accepted");
            long t = System.nanoTime();
            int done = 0;
            for (String id : ids) {
                if ("done".equals(awaitFinished(id))) {
                    done++;
                }
            }
            out.printf("  all analysed after %.1f s more%n", (System.nanoTime() - t) / 1e9);
            check(done == ids.size(), done + "/" + ids.size() + " uploaded recordings analysed (done)");
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- phase 3 ----
    private void killPhase(List<String> earlier) throws Exception {
        out.printf("%n[3] kill -9 during an analysis, restart, nothing lost%n");
        String id = upload(streamFile);
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !(status = recording(id).path("status").asText())
                .equals("running")) {
            Thread.sleep(50);
        }
        check(status.equals("running"), "analysis running before the kill (status " + status + ")");
        service.kill9();
        out.printf("  killed pid %d with SIGKILL%n", service.pid());
        service = startService();
        check("done".equals(awaitFinished(id)), "the interrupted analysis ran again to done");
        JsonNode result = get("/api/recordings/" + id + "/result.json");
        String sha = result == null ? null : result.path("input").path("sha256").asText(null);
        check(sha256(streamFile).equals(sha), "its upload is intact (re-run input sha256 = file sha256)");
        int kept = 0;
        for (String e : earlier) {
            if ("done".equals(recording(e).path("status").asText())) {
                kept++;
            }
        }
        check(kept == earlier.size(), kept + "/" + earlier.size() + " earlier recordings still there and done");
    }

    // ---- HTTP helpers ----
    private String upload(Path file) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/recordings?name="
                        + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8)))
                .header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("upload of " + file.getFileName() + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    private JsonNode recording(String id) throws IOException, InterruptedException {
        JsonNode n = get("/api/recordings/" + id);
        return n == null ? JSON.createObjectNode() : n;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    private String awaitFinished(String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String s = recording(id).path("status").asText();
            if (s.equals("done") || s.equals("failed")) {
                return s;
            }
            Thread.sleep(200);
        }
        return "timeout";
    }

    static String sha256(Path f) throws IOException {
        return Digests.sha256Hex(f);
    }
}
