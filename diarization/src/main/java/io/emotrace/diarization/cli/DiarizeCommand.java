package io.emotrace.diarization.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.EmotraceException;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.audio.DecodedAudio;
import io.emotrace.cli.CliCommand;
import io.emotrace.diarization.clustering.SpeakerCount;
import io.emotrace.diarization.pipeline.Diarization;
import io.emotrace.diarization.pipeline.DiarizationSettings;
import io.emotrace.diarization.pipeline.SpeakerDiarizer;
import io.emotrace.diarization.pipeline.SpeakerDiarizerFactory;
import io.emotrace.output.NpyWriter;
import io.emotrace.pipeline.ProgressListener;
import io.emotrace.domain.SpeakerTurn;
import io.emotrace.domain.TurnTally;
import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.RttmWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./emotrace diarize FILE [--rttm OUT] [--speakers N | --min-speakers A --max-speakers B] [--json]}. */
@Command(name = "diarize", mixinStandardHelpOptions = true,
        description = {"Who spoke when: VAD -> pyannote segmentation (10 s windows, overlap) -> speaker embeddings "
                + "-> clustering with automatic speaker count -> RTTM.",
                "Prints per-speaker totals and the real-time factor; --json prints the turns (overlapping and "
                        + "exclusive), speakers and timings instead."})
public final class DiarizeCommand implements CliCommand, Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "audio file (any format the decoder reads)")
    Path file;

    @Option(names = "--rttm", paramLabel = "OUT", description = "write the overlapping turns as RTTM")
    Path rttm;

    @Option(names = "--exclusive-rttm", paramLabel = "OUT", description = "write the one-speaker-at-a-time turns as RTTM")
    Path exclusiveRttm;

    @Option(names = "--centroids", paramLabel = "OUT.npy",
            description = "write each speaker's centroid embedding, rows in S1, S2, ... order (float32 [k, dim])")
    Path centroids;

    @Option(names = "--speakers", paramLabel = "N", description = "exact number of speakers")
    Integer speakers;

    @Option(names = "--min-speakers", paramLabel = "A", description = "at least this many speakers")
    Integer minSpeakers;

    @Option(names = "--max-speakers", paramLabel = "B", description = "at most this many speakers")
    Integer maxSpeakers;

    @CommandLine.Mixin
    DiarizationTuningOptions tuning;

    @Option(names = "--no-segmentation", description = "no segmentation model even when it is present: utterances alone (with --evidence "
            + "segmentation: VAD speech in 1.5 s pieces); overlapped speech is not found")
    boolean noSegmentation;

    @Option(names = "--json", description = "machine-readable output on stdout")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SpeakerCount count;
        DiarizationSettings settings;
        try {
            count = count(speakers, minSpeakers, maxSpeakers);
            settings = tuning.apply(DiarizationSettings.defaults());
        } catch (IllegalArgumentException e) {
            err.println("emotrace diarize: " + e.getMessage());
            return 2;
        }
        for (Path target : new Path[] {rttm, exclusiveRttm, centroids}) { // before the work, not after it
            String problem = target == null ? null : unwritable(target);
            if (problem != null) {
                err.println("emotrace diarize: error [output.write_failed] cannot write " + target + ": " + problem);
                return 1;
            }
        }
        SpeakerDiarizerFactory factory = new SpeakerDiarizerFactory(settings, count, tuning.embedder(), null);
        Diarization d;
        try (DecodedAudio audio = DecodedAudio.decodeTemporary(new FfmpegAudioDecoder(), file, ProgressListener.NONE);
             SpeakerDiarizer diarizer = noSegmentation ? factory.createVadPathDiarizer() : factory.createDiarizer()) {
            audio.warnings().forEach(w -> err.println("emotrace diarize: warning: " + file + ": " + w));
            d = diarizer.run(audio.source(), null, count, ProgressListener.NONE);
            String fileId = fileId(file);
            if (rttm != null) {
                RttmWriter.write(toRttm(d.result().overlapping(), fileId), rttm);
            }
            if (exclusiveRttm != null) {
                RttmWriter.write(toRttm(d.result().exclusive(), fileId), exclusiveRttm);
            }
            if (centroids != null) {
                writeCentroids(centroids, d.centroids());
            }
        } catch (EmotraceException e) {
            err.println("emotrace diarize: error " + e.describe());
            return 1;
        } catch (IOException e) {
            err.println("emotrace diarize: error [output.write_failed] " + io.emotrace.output.IoProblem.describe(e));
            return 1;
        }
        String unmet = unmetCount(count, d.speakerIds().size());
        if (unmet != null) {
            err.println("emotrace diarize: warning: " + unmet);
        }
        if (json) {
            out.println(toJson(file, d));
        } else {
            printSummary(out, d);
        }
        out.flush();
        return 0;
    }

    static SpeakerCount count(Integer exact, Integer min, Integer max) {
        if (exact != null) {
            if (min != null || max != null) {
                throw new IllegalArgumentException("--speakers excludes --min-speakers/--max-speakers");
            }
            if (exact < 1) {
                throw new IllegalArgumentException("--speakers must be >= 1");
            }
            return SpeakerCount.exactly(exact);
        }
        int lo = min == null ? 1 : min;
        int hi = max == null ? Integer.MAX_VALUE : max;
        if (lo < 1 || hi < lo) {
            throw new IllegalArgumentException("need 1 <= --min-speakers <= --max-speakers");
        }
        return new SpeakerCount(lo, hi);
    }

    /** Why an output file cannot be written where asked (null: it can be tried). */
    static String unwritable(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (Files.isDirectory(target)) {
            return "it is a folder";
        }
        if (parent != null && !Files.isDirectory(parent)) {
            return Files.exists(parent) ? parent + " is not a folder" : "its folder " + parent + " does not exist";
        }
        return null;
    }

    /**
     * What to tell the user when the count they gave could not be met (null when it was): a recording with fewer
     * stretches of speech than the asked-for speakers cannot be split into that many, and saying nothing would let
     * the user think the count held.
     */
    static String unmetCount(SpeakerCount count, int found) {
        if (count.equals(SpeakerCount.AUTO) || found >= count.min() && found <= count.max()) { // nothing was asked
            return null;
        }
        return String.format(Locale.ROOT, "%s speakers asked for, %d found: %s", count, found, found < count.min()
                ? "the recording holds too few separate stretches of speech to split into more"
                : "no partition into fewer was possible");
    }

    static String fileId(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String id = dot > 0 ? n.substring(0, dot) : n;
        return id.replaceAll("\\s+", "_");
    }

    public static List<RttmTurn> toRttm(List<SpeakerTurn> turns, String fileId) {
        List<RttmTurn> out = new ArrayList<>(turns.size());
        for (SpeakerTurn t : turns) {
            if (t.end() > t.start()) {
                out.add(new RttmTurn(fileId, t));
            }
        }
        return out;
    }

    static void writeCentroids(Path path, float[][] c) throws IOException {
        int dim = c.length == 0 ? 0 : c[0].length;
        float[] flat = new float[c.length * dim];
        for (int i = 0; i < c.length; i++) {
            System.arraycopy(c[i], 0, flat, i * dim, dim);
        }
        NpyWriter.write(path, flat, c.length, dim);
    }

    /** Per speaker (in the diarizer's order): talk time, turns and how sure their voice is. */
    private static Map<String, TurnTally> totals(Diarization d) {
        Map<String, TurnTally> m = new LinkedHashMap<>();
        for (String id : d.speakerIds()) {
            m.put(id, new TurnTally());
        }
        for (SpeakerTurn t : d.result().exclusive()) {
            m.computeIfAbsent(t.speaker(), k -> new TurnTally()).add(t.duration(), t.confidence());
        }
        return m;
    }

    private static void printSummary(PrintWriter out, Diarization d) {
        Diarization.Stats s = d.stats();
        out.printf(Locale.ROOT, "%s: %s speakers in %.1f s of audio%n", d.method(),
                d.result().count() == null ? Integer.toString(d.speakerIds().size()) : d.result().count().describe(),
                s.audioSeconds());
        TurnTally all = new TurnTally();
        totals(d).forEach((id, a) -> out.printf(Locale.ROOT, "  %-4s %8.1f s  %4d turns%s%n", id, a.seconds(), a.turns(),
                a.meanConfidence() == null ? "" : String.format(Locale.ROOT, "  confidence %.2f", a.meanConfidence())));
        d.result().exclusive().forEach(t -> all.add(t.duration(), t.confidence()));
        if (all.meanConfidence() != null) {
            out.printf(Locale.ROOT, "  speech whose voice is less than %.0f %% sure: %.1f s%n", 100 * SpeakerTurn.UNSURE,
                    all.unsureSeconds());
        }
        double overlap = 0;
        for (SpeakerTurn t : d.result().overlapping()) {
            overlap += t.duration();
        }
        double excl = 0;
        for (SpeakerTurn t : d.result().exclusive()) {
            excl += t.duration();
        }
        out.printf(Locale.ROOT, "  overlapped speech %.1f s%n", Math.max(0, overlap - excl));
        out.printf(Locale.ROOT, "time: vad %.2f s, segmentation %.2f s, embeddings %.2f s (%d, %.0f s of audio), "
                        + "clustering %.3f s; real-time factor %.4f%n", s.vadSeconds(), s.segmentationSeconds(),
                s.embeddingSeconds(), s.embeddings(), s.embeddedAudioSeconds(), s.clusteringSeconds(),
                s.realTimeFactor());
    }

    static String toJson(Path file, Diarization d) {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("file", file.toString());
        root.put("method", d.method());
        ArrayNode spk = root.putArray("speakers");
        totals(d).forEach((id, a) -> {
            ObjectNode o = spk.addObject().put("id", id).put("seconds", round(a.seconds())).put("turns", a.turns());
            if (a.meanConfidence() != null) {
                o.put("confidence", round(a.meanConfidence()));
            }
        });
        if (d.result().count() != null) {
            root.putObject("speaker_count").put("found", d.result().count().found())
                    .put("fewest", d.result().count().fewest()).put("most", d.result().count().most());
        }
        turns(root.putArray("overlapping"), d.result().overlapping());
        turns(root.putArray("exclusive"), d.result().exclusive());
        Diarization.Stats s = d.stats();
        root.putObject("stats").put("audio_seconds", round(s.audioSeconds())).put("windows", s.windows())
                .put("embeddings", s.embeddings()).put("raw_clusters", s.rawClusters())
                .put("folded_clusters", s.foldedClusters()).put("vad_seconds", round(s.vadSeconds()))
                .put("segmentation_seconds", round(s.segmentationSeconds()))
                .put("embedding_seconds", round(s.embeddingSeconds()))
                .put("clustering_seconds", round(s.clusteringSeconds()))
                .put("real_time_factor", Math.round(s.realTimeFactor() * 1e5) / 1e5);
        try {
            return om.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void turns(ArrayNode arr, List<SpeakerTurn> turns) {
        for (SpeakerTurn t : turns) {
            ObjectNode o = arr.addObject().put("speaker", t.speaker()).put("start", round(t.start()))
                    .put("end", round(t.end()));
            if (t.hasConfidence()) {
                o.put("confidence", round(t.confidence()));
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
