package io.emotrace.web.ws.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * The hostile-clients section of {@code bench service}: a fresh service, one analysed recording, then
 * {@link HostileClients} attack for a while at bounded rates while a normal client calls the API and follows
 * analyses over the WebSocket. Targets: no normal request slower than 1 s, no thread left busy afterwards (the
 * process idles), RSS back within 20 % of where it started, and an exit within 5 s of SIGTERM.
 */
final class HostileSection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NORMAL_CALLS = {"/api/health", "/api/recordings", "/api/rules/versions"};

    private final Path dataDir;
    private final List<Path> clips;
    private final Duration attack;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = new ArrayList<>();

    HostileSection(Path dataDir, List<Path> clips, Duration attack, PrintStream out) {
        this.dataDir = dataDir;
        this.clips = List.copyOf(clips);
        this.attack = attack;
        this.out = out;
    }

    List<String> run() throws Exception {
        out.printf("%n[4] hostile clients for %d s (slow headers and bodies, pathological regex rule sets, "
                + "fragmented oversize WebSocket messages, wrong tokens) while a normal client works%n",
                attack.toSeconds());
        ServiceProcess service = start();
        try {
            String base = service.baseUrl();
            String recording = upload(base, clips.get(0));
            awaitDone(base, recording);
            Thread.sleep(3000); // let start-up work settle before the baseline
            long rssStart = service.rssBytes();
            HostileClients hostile = new HostileClients(URI.create(base), recording);
            hostile.start(40, 10);
            List<Long> apiMs = new ArrayList<>();
            List<BenchSubscriber> followers = new ArrayList<>();
            long end = System.nanoTime() + attack.toNanos();
            long nextUpload = 0;
            int call = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextUpload) { // a fresh analysis to follow live every 5 s
                    BenchSubscriber s = new BenchSubscriber(upload(base, clips.get(followers.size() % clips.size())));
                    s.connect(http, base.replaceFirst("^http", "ws") + "/ws");
                    followers.add(s);
                    nextUpload = System.nanoTime() + 5_000_000_000L;
                }
                long t = System.nanoTime();
                int status = http.send(HttpRequest.newBuilder(URI.create(base + NORMAL_CALLS[call++ % 3]))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                apiMs.add((System.nanoTime() - t) / 1_000_000);
                if (status != 200) {
                    check(false, "a normal call got HTTP " + status);
                }
                Thread.sleep(100);
            }
            long rssPeak = service.rssBytes();
            List<String> outcomes = hostile.stop();
            out.println("  attackers' outcomes:");
            outcomes.forEach(o -> out.println("    " + o));
            List<Long> eventMs = new ArrayList<>();
            for (BenchSubscriber s : followers) {
                try {
                    s.finished.get(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    check(false, "a followed analysis did not finish: " + e);
                }
                eventMs.addAll(s.latenciesMs);
                s.close();
            }
            Collections.sort(apiMs);
            Collections.sort(eventMs);
            out.printf("  normal client: %d API calls, p50 %d ms, p99 %d ms, max %d ms; %d live WebSocket events "
                            + "of %d analyses, p50 %d ms, p99 %d ms, max %d ms%n", apiMs.size(), pct(apiMs, 0.5),
                    pct(apiMs, 0.99), max(apiMs), eventMs.size(), followers.size(), pct(eventMs, 0.5),
                    pct(eventMs, 0.99), max(eventMs));
            check(max(apiMs) < 1000, "no normal API call slower than 1 s (max " + max(apiMs) + " ms)");
            check(!eventMs.isEmpty() && max(eventMs) < 1000, "no live WebSocket event later than 1 s (max "
                    + max(eventMs) + " ms)");
            double cpu0 = service.cpuSeconds();
            Thread.sleep(5000);
            double busy = (service.cpuSeconds() - cpu0) / 5;
            out.printf("  after the attack: the service used %.0f %% of a core over 5 s%n", busy * 100);
            check(busy < 0.5, "no thread left busy after the attack (" + Math.round(busy * 100) + " % of a core)");
            long rssEnd = service.rssBytes();
            long deadline = System.nanoTime() + 45_000_000_000L;
            while (rssEnd > rssStart * 1.2 && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                rssEnd = service.rssBytes();
            }
            out.printf("  server RSS: %d MiB at the start, %d MiB at the end of the attack, %d MiB after%n",
                    rssStart >> 20, rssPeak >> 20, rssEnd >> 20);
            check(rssEnd <= rssStart * 1.2, "RSS back within 20 % of its start");
        } finally {
            long t = System.nanoTime();
            service.close();
            double s = (System.nanoTime() - t) / 1e9;
            out.printf("  SIGTERM: exited after %.1f s%n", s);
            check(s < 5, "the service exits within 5 s of SIGTERM");
        }
        return failures;
    }

    private ServiceProcess start() throws IOException, EmotraceException {
        Path dir = Files.createDirectories(dataDir.resolve("hostile"));
        Path config = dir.resolve("bench-hostile.json");
        // the normal client shares 127.0.0.1 with the attackers: its request rate is not what is measured
        Files.writeString(config, "{\"rateLimitPerSecond\": 10000, \"rateLimitBurst\": 10000}\n");
        return ServiceProcess.start(dir, "2g", 0, dir.resolve("service.log"), 180,
                List.of("--config", config.toString()));
    }

    private void check(boolean ok, String what) {
        out.println((ok ? "  ok    " : "  FAIL  ") + what);
        if (!ok) {
            failures.add(what);
        }
    }

    private String upload(String base, Path file) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings?name="
                        + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IOException("upload: HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    private void awaitDone(String base, String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings/" + id))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String status = JSON.readTree(r.body()).path("status").asText();
            if (status.equals("done")) {
                return;
            }
            if (status.equals("failed")) {
                throw new IOException("the warm-up analysis failed: " + r.body());
            }
            Thread.sleep(200);
        }
        throw new IOException("the warm-up analysis did not finish in 300 s");
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static long max(List<Long> sorted) {
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
    }
}
