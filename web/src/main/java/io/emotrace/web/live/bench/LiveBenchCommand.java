package io.emotrace.web.live.bench;

import io.emotrace.SharedData;
import io.emotrace.cli.CliCommand;
import io.emotrace.pipeline.Diarizer;
import io.emotrace.pipeline.Engines;
import io.emotrace.diarization.clustering.ClusteringSettings;
import io.emotrace.web.live.LiveAttributionReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./emotrace bench live}: live-stream latency, concurrency, backpressure and attribution on loopback. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Runs 'emotrace serve' as a child process pinned to --cpus cores and streams AMI meeting excerpts "
                + "to it over /ws: segment and partial-word latency (p50/p99), live speaker attribution (DER vs the "
                + "offline analysis), concurrent real-time streams, a client sending faster than real time, RSS.")
public final class LiveBenchCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--meetings", description = "AMI excerpts streamed (default ${DEFAULT-VALUE})", split = ",")
    List<String> meetings = List.of("dev00", "dev01"); // test excerpts only: trn* choose the live distance

    @Option(names = "--cpus", description = "cores the service may use (default ${DEFAULT-VALUE})")
    int cpus = 2;

    @Option(names = "--max-streams", description = "largest concurrency tried (default ${DEFAULT-VALUE})")
    int maxStreams = 6;

    @Option(names = "--data", description = "work directory (default: a new temp directory)")
    Path data;

    @Option(names = "--tune-same-voice", split = ",", paramLabel = "D", description = "instead of streaming: replay "
            + "the live attribution offline at each of these same-voice distances on tuning recordings only (AMI "
            + "trn00..09, the held-out speakers' meetings and calls), print each set's DER and the pick, then AMI "
            + "dev00+dev01 at the pick and at the shipped distance")
    List<Double> tuneSameVoice;

    @Option(names = "--tune-confidence", description = "instead of streaming: fit the live labels' confidence on the "
            + "tuning recordings only (the labels as first sent at the shipped same-voice distance), then judge the "
            + "tuning and test sets (AMI dev00+dev01, emotional meetings of held-out corpora, calls) with it and with "
            + "the speaker model's live calibration")
    boolean tuneConfidence;

    @Option(names = "--confidence-out", paramLabel = "FILE", description = "--tune-confidence: write the fitted "
            + "calibration here (live-attribution-confidence.json beside a speaker model)")
    Path confidenceOut;

    @Option(names = "--tune-min-silence", split = ",", paramLabel = "S", description = "--tune-same-voice: also "
            + "sweep the silence (s) that ends a live utterance (default: the shipped one only)")
    List<Double> tuneMinSilence;

    @Option(names = "--emotion-cuts", split = ",", paramLabel = "S", description = "instead of streaming: the live "
            + "emotion answers (each utterance alone) on the held-out speakers' meetings cut at each of these silences "
            + "(s), 4-class accuracy against the simulated utterances' labels")
    List<Double> emotionCuts;

    @Option(names = "--offline-thresholds", split = ",", paramLabel = "T", description = "--tune-same-voice: also "
            + "cluster each recording's utterances at once at these thresholds, with the segmentation windows' clustering "
            + "defaults (ClusteringSettings.defaults: AHC count + spectral partition, and plain AHC)")
    List<Double> offlineThresholds;

    @Option(names = "--offline-recluster", description = "--tune-same-voice: replayed streams re-cluster as the "
            + "offline diarizer clusters utterances (ClusteringSettings.utteranceDefaults) instead of plain average "
            + "linkage at the same-voice distance")
    boolean offlineRecluster;

    @Option(names = "--tune-meetings", description = "--tune-same-voice, --tune-confidence: simulated meetings and calls each "
            + "(default ${DEFAULT-VALUE})")
    int tuneMeetings = 40;

    @Option(names = "--seed", description = "--tune-same-voice, --tune-confidence: the simulation seed, as bench diarization's "
            + "(default ${DEFAULT-VALUE})")
    long seed = 2026;

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() throws Exception {
        if (cpus < 1 || maxStreams < 1 || maxStreams > 32 || meetings.isEmpty()) {
            System.err.println("bench live: --cpus >= 1, --max-streams 1..32, at least one meeting");
            return 2;
        }
        Path ami = SharedData.root().resolve("data/ami-dev");
        if (tuneConfidence && (tuneSameVoice != null || offlineRecluster || emotionCuts != null)
                || confidenceOut != null && !tuneConfidence) {
            System.err.println("bench live: --tune-confidence runs alone (the shipped live assignment, plain "
                    + "re-clustering); --confidence-out needs --tune-confidence");
            return 2;
        }
        if (tuneSameVoice != null) {
            return tune(ami);
        }
        if (tuneConfidence) {
            return tuneConfidence(ami);
        }
        if (emotionCuts != null) {
            if (emotionCuts.isEmpty() || !emotionCuts.stream().allMatch(io.emotrace.vad.UtteranceSegmenter::isMinSilence)
                    || tuneMeetings < 1) {
                System.err.println("bench live: --emotion-cuts silences 0.032..2 s, --tune-meetings >= 1");
                return 2;
            }
            try (Engines engines = Engines.fromClasspath()) {
                LiveEmotionCuts.run(engines.vad().get(), engines.emotion().get(), emotionCuts, tuneMeetings, seed, 90,
                        System.out);
            }
            return 0;
        }
        List<Path> files = new ArrayList<>();
        for (String m : meetings) {
            Path f = ami.resolve(m + ".flac");
            if (!Files.isRegularFile(f)) {
                System.err.println("bench live: needs " + f + " (set EMOTRACE_SHARED)");
                return 2;
            }
            files.add(f);
        }
        Path dir = data != null ? data : Files.createTempDirectory("emotrace-bench-live");
        Files.createDirectories(dir);
        List<String> below = new LiveBench(dir, files, ami.resolve("reference.rttm"), ami.resolve("reference.uem"),
                cpus, maxStreams, System.out).run();
        System.out.println(below.isEmpty() ? "bench live: all targets met"
                : "bench live: below target:\n  " + String.join("\n  ", below));
        return below.isEmpty() ? 0 : 1;
    }

    private int tuneConfidence(Path ami) throws Exception {
        if (tuneMeetings < 1 || !Files.isRegularFile(ami.resolve("reference.rttm"))) {
            System.err.println("bench live: --tune-meetings >= 1 and " + ami + " (set EMOTRACE_SHARED)");
            return 2;
        }
        System.out.println("bench live --tune-confidence on " + LiveBench.cpuModel() + ", in this process");
        try (Engines engines = Engines.fromClasspath()) {
            Diarizer d = engines.diarizer().get();
            if (!(d instanceof io.emotrace.diarization.pipeline.SpeakerDiarizer sd)) {
                System.err.println("bench live: --tune-confidence needs the project's diarizer, not " + d.describe());
                return 2;
            }
            System.out.println("diarizer: " + d.describe());
            new LiveThresholdTuning(engines.vad().get(), d, System.out).confidence(ami, tuneMeetings, seed, 90,
                    d.sameVoiceDistance(), sd.embedderWeightsDigest(), sd.liveAttributionCalibration(), confidenceOut);
        }
        return 0;
    }

    private int tune(Path ami) throws Exception {
        if (tuneSameVoice.isEmpty() || tuneSameVoice.stream().anyMatch(d -> !(d > 0 && d < 2)) || tuneMeetings < 1
                || tuneMinSilence != null && (tuneMinSilence.isEmpty()
                        || !tuneMinSilence.stream().allMatch(io.emotrace.vad.UtteranceSegmenter::isMinSilence))) {
            System.err.println("bench live: --tune-same-voice distances in (0, 2), --tune-min-silence 0.032..2 s, "
                    + "--tune-meetings >= 1");
            return 2;
        }
        if (!Files.isRegularFile(ami.resolve("reference.rttm"))) {
            System.err.println("bench live: needs " + ami + " (set EMOTRACE_SHARED)");
            return 2;
        }
        System.out.println("bench live --tune-same-voice on " + LiveBench.cpuModel() + ", in this process (one thread "
                + "per model)");
        try (Engines engines = Engines.fromClasspath()) {
            Diarizer d = engines.diarizer().get();
            System.out.println("diarizer: " + d.describe());
            double silence = LiveAttributionReplay.liveMinSilence();
            List<ClusteringSettings> offline = new ArrayList<>();
            for (double t : offlineThresholds == null ? List.<Double>of() : offlineThresholds) {
                offline.add(ClusteringSettings.defaults().withThreshold(t));
                offline.add(ClusteringSettings.defaults().withMethod(ClusteringSettings.Method.AHC).withThreshold(t));
            }
            new LiveThresholdTuning(engines.vad().get(), d, System.out, offline)
                    .reclusterAs(offlineRecluster ? ClusteringSettings.utteranceDefaults() : null).run(
                    tuneMinSilence == null ? List.of(silence) : tuneMinSilence, tuneSameVoice,
                    new LiveThresholdTuning.Pick(silence, d.sameVoiceDistance()), ami, tuneMeetings, seed, 90);
        }
        return 0;
    }
}
