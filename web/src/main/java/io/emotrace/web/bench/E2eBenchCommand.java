package io.emotrace.web.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotrace.EmotraceException;
import io.emotrace.audio.WavFileSource;
import io.emotrace.cli.CliCommand;
import io.emotrace.diarization.simulate.MeetingConfig;
import io.emotrace.diarization.simulate.MeetingSimulator;
import io.emotrace.diarization.simulate.MeetingWriter;
import io.emotrace.diarization.simulate.SimulatedMeeting;
import io.emotrace.output.FileTrees;
import io.emotrace.sample.SampleMeeting;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./emotrace bench e2e}: a simulated meeting (diarization module's MeetingSimulator, real corpus speech)
 * uploaded to a real {@code emotrace serve} child process pinned to {@code --cpus} cores, analysed by every stage
 * this build has; prints the real-time factor and the service process's peak RSS.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = {"End-to-end service benchmark: simulated meeting -> upload -> full analysis -> done.",
                "Prints upload time, analysis wall time, real-time factor (analysis / audio duration), peak RSS of",
                "the service process (VmHWM) and per-stage times. Run the full hour under flock /work/heavy.lock."})
public final class E2eBenchCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "60", description = "meeting length in minutes (default ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--seed", defaultValue = "1", description = "simulator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--cpus", defaultValue = "2", description = "cores the service may use (default ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--heap", defaultValue = "3g", description = "service JVM -Xmx (default ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--work", paramLabel = "DIR", description = "meeting cache and service data "
            + "(default $EMOTRACE_CACHE/bench-e2e, ~/.cache/emotrace/bench-e2e)")
    Path work;

    @Option(names = "--warm", description = "start the service with --warm (models loaded at start); default: the "
            + "first analysis loads the models, as it did for the recorded figures")
    boolean warm;

    @Option(names = "--uploads", defaultValue = "1", description = "upload the same meeting this many times, one "
            + "after the other, and print each analysis time and the median of the 2nd to last (warm engines) "
            + "(default ${DEFAULT-VALUE})")
    int uploads;

    @Option(names = "--timeout-minutes", defaultValue = "240", description = "give up after (default ${DEFAULT-VALUE})")
    double timeoutMinutes;

    @Spec
    CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(minutes > 0) || minutes > 12 * 60 || cpus < 0 || !(timeoutMinutes > 0) || uploads < 1
                || uploads > 100) {
            err.println("emotrace bench e2e: --minutes must be in (0, 720], --cpus >= 0, --timeout-minutes > 0, "
                    + "--uploads in [1, 100]");
            return 2;
        }
        Path dir = work != null ? work : SampleMeeting.defaultCacheDir().resolveSibling("bench-e2e");
        Path data = dir.resolve("service-data-" + ProcessHandle.current().pid());
        try {
            Path wav = meeting(dir, err);
            double seconds = wavSeconds(wav);
            out.printf(Locale.ROOT, "bench e2e: meeting %s, %.1f min simulated (seed %d), service on %s core(s), "
                    + "-Xmx%s, engines %s, %d core(s) on this machine%n", wav.getFileName(), seconds / 60, seed,
                    cpus == 0 ? "all" : Integer.toString(cpus), heap, warm ? "warm (serve --warm)" : "loaded by the first analysis",
                    Runtime.getRuntime().availableProcessors());
            out.flush();
            try (ServiceProcess service = ServiceProcess.start(data, heap, cpus, dir.resolve("service.log"), 300,
                    warm ? List.of("--warm") : List.of())) {
                double[] times = new double[uploads];
                for (int i = 0; i < uploads; i++) {
                    if (uploads > 1) {
                        out.printf(Locale.ROOT, "upload %d of %d%n", i + 1, uploads);
                    }
                    times[i] = run(service, wav, seconds, out, err);
                }
                if (uploads > 2) {
                    double[] warm = java.util.Arrays.copyOfRange(times, 1, uploads);
                    java.util.Arrays.sort(warm);
                    double median = warm.length % 2 == 1 ? warm[warm.length / 2]
                            : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2;
                    out.printf(Locale.ROOT, "analysis time, upload 1: %.2f s; uploads 2-%d: median %.2f s, min %.2f s, "
                            + "max %.2f s (%s)%n", times[0], uploads, median, warm[0], warm[warm.length - 1],
                            io.emotrace.runtime.HostInfo.cpuModel());
                }
            }
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace bench e2e: error " + e.describe());
            return 1;
        } catch (IOException e) {
            err.println("emotrace bench e2e: error [bench.io] " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            try {
                FileTrees.delete(data);
            } catch (IOException e) {
                err.println("emotrace bench e2e: could not remove " + data + ": " + e.getMessage());
            }
        }
    }

    /** One upload, polled to its end; returns the analysis wall time (upload accepted to done). */
    private double run(ServiceProcess service, Path wav, double seconds, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException, EmotraceException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/recordings?name=" + wav.getFileName())).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(wav)).build(), HttpResponse.BodyHandlers.ofString());
        if (up.statusCode() != 202) {
            throw new EmotraceException("bench.upload_failed", "upload -> HTTP " + up.statusCode() + ": " + up.body());
        }
        double uploadSeconds = (System.nanoTime() - t0) / 1e9;
        String id = JSON.readTree(up.body()).path("id").asText();
        long t1 = System.nanoTime();
        long deadline = t1 + (long) (timeoutMinutes * 60e9);
        String lastStage = null;
        JsonNode rec;
        List<double[]> rss = new ArrayList<>(); // {seconds since upload, RSS MiB}: flat memory on long inputs
        List<String> rssStage = new ArrayList<>();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/recordings/"
                    + id)).GET().build(), HttpResponse.BodyHandlers.ofString());
            rec = JSON.readTree(r.body());
            String status = rec.path("status").asText();
            if (status.equals("done") || status.equals("failed")) {
                break;
            }
            String stage = rec.path("progress").path("stage").asText("");
            long now = service.rssBytes();
            if (now > 0) {
                rss.add(new double[] {(System.nanoTime() - t1) / 1e9, now / 1048576.0});
                rssStage.add(stage);
            }
            if (!stage.equals(lastStage)) {
                err.printf(Locale.ROOT, "  [%6.1f s] %s %s%n", (System.nanoTime() - t1) / 1e9, status, stage);
                err.flush();
                lastStage = stage;
            }
            if (!service.alive()) {
                throw new EmotraceException("bench.child_died", "the service process exited during the analysis");
            }
            if (System.nanoTime() > deadline) {
                throw new EmotraceException("bench.timeout", "analysis not finished after " + timeoutMinutes + " min");
            }
            Thread.sleep(uploads > 1 ? 100 : 1000);
        }
        double analysis = (System.nanoTime() - t1) / 1e9;
        long peak = service.peakRssBytes();
        if (rec.path("status").asText().equals("failed")) {
            throw new EmotraceException("bench.analysis_failed", "analysis failed: " + rec.path("error"));
        }
        out.printf(Locale.ROOT, "upload: %.2f s for %.1f MB%n", uploadSeconds, Files.size(wav) / 1e6);
        out.printf(Locale.ROOT, "analysis: %.1f s for %.1f s of audio -> real-time factor %.3f (analysis time / audio "
                + "time; below 1 is faster than real time)%n", analysis, seconds, analysis / seconds);
        out.printf(Locale.ROOT, "peak RSS of the service process: %.0f MiB%n", peak / 1048576.0);
        if (rss.size() >= 10) {
            StringBuilder line = new StringBuilder("RSS over the analysis (MiB at each tenth of its time, stage):");
            for (int d = 1; d <= 10; d++) {
                int i = Math.min(rss.size() - 1, (int) Math.round(d / 10.0 * (rss.size() - 1)));
                line.append(String.format(Locale.ROOT, " %.0f%% %.0f (%s)", 10.0 * d, rss.get(i)[1], rssStage.get(i)));
                line.append(d < 10 ? ";" : "");
            }
            out.println(line);
        }
        out.println("stages (wall s; process CPU s; CPU-seconds per hour of audio, the cluster-sizing figure):");
        double cpuTotal = 0;
        for (JsonNode s : rec.path("summary").path("stages")) {
            JsonNode cpu = s.path("cpuSeconds");
            String cpuText = "        -                -";
            if (cpu.isNumber()) {
                cpuTotal += cpu.asDouble();
                cpuText = String.format(Locale.ROOT, "%7.1f s %9.0f CPU-s/h", cpu.asDouble(),
                        cpu.asDouble() * 3600 / seconds);
            }
            out.printf(Locale.ROOT, "  %-13s %-11s %7.1f s %s  %s%n", s.path("name").asText(),
                    s.path("status").asText(), s.path("elapsedSeconds").asDouble(), cpuText,
                    abbreviate(s.path("detail").asText()));
        }
        out.printf(Locale.ROOT, "  %-13s %-11s %7s   %7.1f s %9.0f CPU-s/h  (%s, %d cores)%n", "all stages", "", "",
                cpuTotal, cpuTotal * 3600 / seconds, io.emotrace.runtime.HostInfo.cpuModel(),
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "segments: %d, speakers: %d, flags: %d%n", rec.path("summary").path("segments").asInt(),
                rec.path("speakers").size(), rec.path("summary").path("flags").asInt());
        out.flush();
        return analysis;
    }

    /** The simulated meeting for these settings, written once and reused (simulation is not what is measured). */
    private Path meeting(Path dir, PrintWriter err) throws EmotraceException, IOException {
        Path mdir = dir.resolve(String.format(Locale.ROOT, "meeting-%smin-seed%d", trim(minutes), seed));
        Path wav = mdir.resolve(MeetingSimulator.meetingId(0) + ".wav");
        if (Files.isRegularFile(wav)) {
            return wav;
        }
        err.println("emotrace bench e2e: simulating a " + trim(minutes) + "-minute meeting into " + mdir);
        err.flush();
        MeetingConfig cfg = MeetingConfig.builder().seed(seed).count(1).durationSeconds(minutes * 60).build();
        SimulatedMeeting m = MeetingSimulator.create(cfg).simulate(0);
        Files.createDirectories(mdir);
        new MeetingWriter(mdir).write(m);
        return wav;
    }

    private static double wavSeconds(Path wav) throws EmotraceException {
        try (WavFileSource w = WavFileSource.open(wav)) {
            return w.durationSeconds();
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String abbreviate(String s) {
        return s.length() > 90 ? s.substring(0, 87) + "..." : s;
    }
}
