package io.emotrace.web.live.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.audio.AudioStream;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.rttm.RttmReader;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemReader;
import io.emotrace.rttm.UemSegment;
import io.emotrace.scoring.DerComponents;
import io.emotrace.scoring.DiarizationScorer;
import io.emotrace.web.bench.ServiceProcess;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./emotrace bench live}: a service child process (pinned to {@code cpus} cores, models warm) and loopback
 * clients. (1) Latency: each meeting streamed alone at real time: segment and partial-word latency, p50/p99.
 * (2) Attribution: the live speaker labels of those streams scored (DER, no collar) against the same recordings'
 * offline analysis, and both against the AMI reference. (3) Concurrency: 1, 2, 4, ... streams at real time at once
 * until the backlog grows. (4) Backpressure: one client sending as fast as it can; the server's RSS stays bounded.
 */
final class LiveBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path data;
    private final List<Path> meetings;
    private final Path rttm;
    private final Path uem;
    private final int cpus;
    private final int maxStreams;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    LiveBench(Path data, List<Path> meetings, Path rttm, Path uem, int cpus, int maxStreams, PrintStream out) {
        this.data = data;
        this.meetings = meetings;
        this.rttm = rttm;
        this.uem = uem;
        this.cpus = cpus;
        this.maxStreams = maxStreams;
        this.out = out;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }

    static float[] decode(Path file) throws Exception {
        try (AudioStream in = new FfmpegAudioDecoder().open(file)) {
            float[] buf = new float[16_000 * 60];
            int n = 0;
            for (int r; (r = in.read(buf, n, buf.length - n)) >= 0; ) {
                n += r;
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            return Arrays.copyOf(buf, n);
        }
    }

    private static double pct(List<Double> xs, double p) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[(int) Math.min(a.length - 1, Math.ceil(p / 100 * a.length) - 1)];
    }

    private JsonNode get(String base, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && path.endsWith("rttm") ? JSON.getNodeFactory().textNode(r.body())
                : JSON.readTree(r.body());
    }

    private void delete(String base, String id) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings/" + id)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private String awaitDone(String base, String id, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        String status = "";
        while (System.nanoTime() < end) {
            status = get(base, "/api/recordings/" + id).path("status").asText();
            if (status.equals("done") || status.equals("failed")) {
                return status;
            }
            Thread.sleep(500);
        }
        return status;
    }

    /** Returns the failed targets (empty: all met). */
    List<String> run() throws Exception {
        List<String> below = new ArrayList<>();
        out.printf(Locale.ROOT, "bench live: CPU %s; service pinned to %d core(s) of %d; %d meeting(s); load average "
                + "%s (other processes share these cores)%n", cpuModel(), cpus, Runtime.getRuntime()
                .availableProcessors(), meetings.size(), loadAverage());
        List<float[]> audio = new ArrayList<>();
        for (Path m : meetings) {
            audio.add(decode(m));
        }
        Path log = data.resolve("service.log");
        try (ServiceProcess svc = ServiceProcess.start(data.resolve("service"), "2g", cpus, log, 300,
                List.of("--warm"))) {
            String base = svc.baseUrl();
            AtomicLong peakRss = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peakRss.accumulateAndGet(svc.rssBytes(), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long idleRss = svc.rssBytes();
            out.printf(Locale.ROOT, "service RSS with models loaded, idle: %.0f MiB%n", idleRss / 1048576.0);
            // warm-up (JIT, first native calls): 5 s, not measured
            StreamRun warm = new StreamRun();
            warm.run(base, Arrays.copyOf(audio.get(0), 16_000 * 5), 0, "warm-up");
            delete(base, warm.recording);

            // (1) latency, one stream at a time at real time
            List<Double> seg = new ArrayList<>();
            List<Double> partial = new ArrayList<>();
            List<Double> partialAll = new ArrayList<>();
            List<Double> partialAudio = new ArrayList<>();
            List<Double> position = new ArrayList<>();
            List<Double> positionAudio = new ArrayList<>();
            List<StreamRun> alone = new ArrayList<>();
            double liveCpu = 0;
            double liveAudio = 0;
            for (int i = 0; i < meetings.size(); i++) {
                StreamRun r = new StreamRun();
                double cpu0 = svc.cpuSeconds();
                r.run(base, audio.get(i), 1.0, meetings.get(i).getFileName().toString());
                liveCpu += svc.cpuSeconds() - cpu0;
                liveAudio += audio.get(i).length / 16_000.0;
                alone.add(r);
                seg.addAll(r.segmentLatency);
                partial.addAll(r.finalWordPartialLatency(1.0));
                partialAll.addAll(r.partialLatency);
                partialAudio.addAll(r.finalWordPartialDelayInAudio());
                position.addAll(r.positionLatency);
                positionAudio.addAll(r.positionAudioDelay);
                // the stream's offline analysis runs now; the next stream is measured without it competing
                String status = awaitDone(base, r.recording, Duration.ofMinutes(10));
                if (!status.equals("done")) {
                    below.add(meetings.get(i).getFileName() + ": offline analysis " + status);
                }
                out.printf(Locale.ROOT, "  %s: %d live segments, %d speakers seen, segment latency p50 %.2f s, "
                                + "partial p50 %.2f s, end %.2f s after live.stop%n", meetings.get(i).getFileName(),
                        r.segments.size(), r.speakersSeen, pct(r.segmentLatency, 50),
                        pct(r.positionLatency, 50),
                        r.drainSeconds);
            }
            double perSecond = liveCpu / liveAudio;
            out.printf(Locale.ROOT, "live analysis CPU (service process, one stream, no offline analysis running): %.3f "
                    + "cpu-s per audio second -> about %.1f real-time streams fit %d dedicated core(s)%n", perSecond,
                    cpus / perSecond, cpus);
            double s50 = pct(seg, 50);
            double s99 = pct(seg, 99);
            double p50 = pct(position, 50);
            double p99 = pct(position, 99);
            out.printf(Locale.ROOT, "latency, 1 stream at real time: segment after utterance end p50 %.2f s, p99 %.2f s "
                    + "(n=%d; targets 1.0 / 2.5); final words: word end to the first partial showing it at its place "
                    + "p50 %.2f s, p99 %.2f s (n=%d; target p50 0.5)%n", s50, s99, seg.size(), p50, p99,
                    position.size());
            out.printf(Locale.ROOT, "  of which the recognizer's own delay (audio analysed when that partial was made, "
                    + "minus the word's end; independent of CPU load): p50 %.2f s, p99 %.2f s%n",
                    pct(positionAudio, 50), pct(positionAudio, 99));
            out.printf(Locale.ROOT, "  by the earlier rule (first partial word with the same text and a start within "
                    + "0.3 s): p50 %.2f s, p99 %.2f s (n=%d), audio %.2f s; every partial word at first appearance "
                    + "p50 %.2f s (n=%d)%n", pct(partial, 50), pct(partial, 99), partial.size(), pct(partialAudio, 50),
                    pct(partialAll, 50), partialAll.size());
            if (!(s50 <= 1.0)) {
                below.add(String.format(Locale.ROOT, "segment latency p50 %.2f s > 1.0 s", s50));
            }
            if (!(s99 <= 2.5)) {
                below.add(String.format(Locale.ROOT, "segment latency p99 %.2f s > 2.5 s", s99));
            }
            if (!(p50 <= 0.5)) {
                below.add(String.format(Locale.ROOT, "partial-word latency p50 %.2f s > 0.5 s", p50));
            }

            // (2) attribution: live labels vs the offline analysis of the same audio (and both vs AMI)
            List<RttmTurn> liveTurns = new ArrayList<>();
            List<RttmTurn> offlineTurns = new ArrayList<>();
            for (int i = 0; i < alone.size(); i++) {
                StreamRun r = alone.get(i);
                String file = meetings.get(i).getFileName().toString().replaceFirst("\\.[^.]+$", "");
                String status = awaitDone(base, r.recording, Duration.ofMinutes(10));
                if (!status.equals("done")) {
                    below.add(file + ": offline analysis " + status);
                    continue;
                }
                for (Map.Entry<Integer, double[]> e : r.segments.entrySet()) {
                    String spk = r.labels.get(e.getKey());
                    if (spk != null && !spk.equals("null")) {
                        liveTurns.add(new RttmTurn(file, new SpeakerTurn(spk, e.getValue()[0], e.getValue()[1])));
                    }
                }
                String text = get(base, "/api/recordings/" + r.recording + "/rttm").asText();
                for (RttmTurn t : RttmReader.read(new StringReader(text), "offline")) {
                    offlineTurns.add(new RttmTurn(file, t.turn()));
                }
            }
            DerComponents vsOffline = DiarizationScorer.score(offlineTurns, liveTurns, null, 0).total();
            out.printf(Locale.ROOT, "live speaker attribution vs the offline analysis of the same recordings: DER %.1f %% "
                            + "(missed %.1f s, false alarm %.1f s, confusion %.1f s of %.1f s; no collar)%n",
                    100 * vsOffline.der(), vsOffline.missed(), vsOffline.falseAlarm(), vsOffline.confusion(),
                    vsOffline.total());
            if (rttm != null && Files.isRegularFile(rttm)) {
                List<RttmTurn> ref = RttmReader.read(rttm);
                List<UemSegment> regions = uem != null && Files.isRegularFile(uem) ? UemReader.read(uem) : null;
                List<String> files = liveTurns.stream().map(RttmTurn::fileId).distinct().toList();
                List<RttmTurn> refHere = ref.stream().filter(t -> files.contains(t.fileId())).toList();
                List<UemSegment> uemHere = regions == null ? null
                        : regions.stream().filter(u -> files.contains(u.fileId())).toList();
                DerComponents liveAmi = DiarizationScorer.score(refHere, liveTurns, uemHere, 0.25).total();
                DerComponents offAmi = DiarizationScorer.score(refHere, offlineTurns, uemHere, 0.25).total();
                // the live segments with one label for all: what the utterance cuts allow without any attribution
                List<RttmTurn> oneLabel = liveTurns.stream().map(t -> new RttmTurn(t.fileId(),
                        new SpeakerTurn("S", t.turn().start(), t.turn().end()))).toList();
                DerComponents oneAmi = DiarizationScorer.score(refHere, oneLabel, uemHere, 0.25).total();
                out.printf(Locale.ROOT, "vs the AMI reference (collar 0.25 s): live DER %.1f %% (the live segments as one "
                        + "speaker: %.1f %%), offline DER %.1f %%%n", 100 * liveAmi.der(), 100 * oneAmi.der(),
                        100 * offAmi.der());
            }

            // (3) concurrency at real time (their offline analyses are deleted so they do not compete)
            int realTime = 0;
            for (int n = 1; n <= maxStreams; n = n < 2 ? 2 : n + 2) {
                List<StreamRun> runs = new ArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(n);
                List<Future<?>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    StreamRun r = new StreamRun();
                    runs.add(r);
                    float[] a = audio.get(i % audio.size());
                    String name = "concurrent-" + n + "-" + i;
                    fs.add(pool.submit(() -> {
                        r.run(base, a, 1.0, name);
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                pool.shutdown();
                double worstBacklog = 0;
                double worstDrain = 0;
                List<Double> lat = new ArrayList<>();
                for (StreamRun r : runs) {
                    worstBacklog = Math.max(worstBacklog, r.lateBacklog());
                    worstDrain = Math.max(worstDrain, r.drainSeconds);
                    lat.addAll(r.segmentLatency);
                    delete(base, r.recording);
                }
                boolean ok = worstBacklog <= 1.5 && worstDrain <= 3.0;
                out.printf(Locale.ROOT, "  %d stream(s) at real time: backlog in the last third max %.2f s, end after "
                                + "live.stop max %.2f s, segment latency p50 %.2f s p99 %.2f s -> %s%n", n,
                        worstBacklog, worstDrain, pct(lat, 50), pct(lat, 99), ok ? "real time" : "backlog grows");
                if (!ok) {
                    break;
                }
                realTime = n;
            }
            out.printf(Locale.ROOT, "concurrent real-time streams on %d core(s): %d (target >= 4)%n", cpus, realTime);
            if (realTime < 4) {
                below.add("concurrent real-time streams " + realTime + " < 4");
            }

            // (4) one client as fast as the server takes it: back-pressured, memory bounded
            float[] all = audio.stream().reduce(new float[0], (a, b) -> {
                float[] c = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, c, a.length, b.length);
                return c;
            });
            long before = svc.rssBytes();
            peakRss.set(before);
            StreamRun fast = new StreamRun();
            fast.run(base, all, 0, "flood");
            delete(base, fast.recording);
            double total = fast.sendSeconds + fast.drainSeconds;
            out.printf(Locale.ROOT, "fast client (no pacing): %.0f s of audio written to the socket in %.1f s (kernel "
                            + "buffers), received and analysed by the server in %.1f s (%.1f x real time); audio "
                            + "pending in the server at most %.1f s (bound: liveMaxPendingBytes 512 KiB = 16.4 s); "
                            + "service RSS %.0f MiB before, peak %.0f MiB during%n", all.length / 16_000.0,
                    fast.sendSeconds, total, all.length / 16_000.0 / total,
                    fast.backlog.stream().mapToDouble(b -> b[1]).max().orElse(0), before / 1048576.0,
                    peakRss.get() / 1048576.0);
            sampler.interrupt();
            out.printf(Locale.ROOT, "service peak RSS over the whole bench (VmHWM): %.0f MiB; load average at the end %s%n",
                    svc.peakRssBytes() / 1048576.0, loadAverage());
        }
        return below;
    }
}
