package io.emotrace.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emotrace.EmotraceException;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.emotion.EmotionModel;
import io.emotrace.emotion.EmotionModels;
import io.emotrace.emotion.analysis.EmotionFileAnalyzer;
import io.emotrace.emotion.analysis.EmotionFileResult;
import io.emotrace.emotion.analysis.Granularity;
import io.emotrace.emotion.analysis.InputFiles;
import io.emotrace.emotion.analysis.SegmentEmotion;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.track.SlidingWindowTracker;
import io.emotrace.emotion.track.Smoothing;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./emotrace emotion FILE|DIR...}: speech emotion recognition over files and folders. */
@Command(name = "emotion", mixinStandardHelpOptions = true,
        description = {"Speech emotion recognition (9 classes of Emotion2Vec+: angry/生气, disgusted/厌恶, fearful/恐惧,",
                "happy/开心, neutral/中立, other/其他, sad/难过, surprised/吃惊, unknown/<unk>) per file or segment.",
                "Silence, clips under 0.3 s, noise give 'unknown' with a reason; clipping or tone lower the confidence.",
                "Writes OUT/<name>/emotion.json, embedding.npy ((1, D) or (T, D)), frame_scores.npy, track.csv."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file analysed", "1:at least one file failed (the others were analysed)",
                "2:bad command line (an unreadable --head file too)", "3:no emotion model available"})
public final class EmotionCommand implements CliCommand, Callable<Integer> {
    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "audio/video files, or folders searched recursively")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--granularity", defaultValue = "utterance", paramLabel = "utterance|frame",
            description = "utterance: one result and a (1, D) embedding per file (long files: per <=30 s segment "
                    + "plus the mean); frame: (T, D) frame embeddings, per-frame scores and the emotion curve")
    Granularity granularity;

    @Option(names = "--embeddings", description = "write embedding.npy for each file")
    boolean embeddings;

    @Option(names = "--model", paramLabel = "NAME", description = "embedded, seed, base, large, or an Emotion2Vec+ "
            + ".onnx path (default: the first available of embedded, large, base, seed)")
    String model;

    @Option(names = "--head", paramLabel = "FILE", description = "classifier head from 'train head' used instead "
            + "of the model's own")
    Path head;

    @Option(names = "--json", description = "print one JSON object per file on stdout")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default outputs/emotion; written when "
            + "--out, --embeddings, --track or frame granularity is given)")
    Path out;

    @Option(names = "--track", description = "compute the sliding-window emotion curve (always on in frame mode)")
    boolean track;

    @Option(names = "--window", paramLabel = "S", defaultValue = "1.0", description = "curve window, seconds (default ${DEFAULT-VALUE})")
    double window;

    @Option(names = "--hop", paramLabel = "S", defaultValue = "0.25", description = "curve hop, seconds (default ${DEFAULT-VALUE})")
    double hop;

    @Option(names = "--smoothing", defaultValue = "centred", paramLabel = "centred|exponential|none",
            description = "curve smoothing (default ${DEFAULT-VALUE}: zero-phase mean over --smooth seconds)")
    Smoothing smoothing;

    @Option(names = "--smooth", paramLabel = "S", defaultValue = "1.0", description = "smoothing span / time constant, seconds")
    double smooth;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        SlidingWindowTracker.Settings ts;
        String bad = !(window > 0) || Double.isInfinite(window) ? "--window: seconds above 0, not " + window
                : !(hop > 0) || Double.isInfinite(hop) ? "--hop: seconds above 0, not " + hop
                : !(smooth >= 0) || Double.isInfinite(smooth) ? "--smooth: seconds, 0 or more, not " + smooth : null;
        if (bad != null) { // named here: the tracker's own check cannot say which option the user gave
            stderr.println("emotrace emotion: " + bad);
            return 2;
        }
        try {
            ts = SlidingWindowTracker.Settings.defaults().withWindow(window, hop).withSmoothing(smoothing, smooth);
        } catch (IllegalArgumentException e) {
            stderr.println("emotrace emotion: " + e.getMessage());
            return 2;
        }
        boolean curve = track || spec.commandLine().getParseResult().hasMatchedOption("--window")
                || spec.commandLine().getParseResult().hasMatchedOption("--hop");
        Path outDir = out != null || embeddings || curve || granularity == Granularity.FRAME
                ? (out != null ? out : Path.of("outputs", "emotion")) : null;
        List<EmotionFileAnalyzer.Input> files;
        try {
            files = InputFiles.expand(inputs);
        } catch (EmotraceException e) {
            stderr.println("emotrace emotion: error " + e.describe());
            return 2;
        }
        if (files.isEmpty()) {
            stderr.println("emotrace emotion: no audio files found in " + inputs);
            return 2;
        }
        long t0 = System.nanoTime();
        EmotionModel m;
        try {
            m = EmotionModels.open(model, head);
        } catch (EmotraceException e) {
            stderr.println("emotrace emotion: error " + e.describe());
            // a --head file the user gave that is no head is a bad command line, not a missing model
            return e.code().startsWith("emotion.head.") && head != null ? 2 : 3;
        }
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        if (!json) {
            stdout.printf(Locale.ROOT, "model: %s (loaded in %.2f s)%n", m.describe(), loadSeconds);
            stdout.flush();
        }
        ObjectWriter line = ResultJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
        int[] failed = {0};
        ConsoleProgress bar = progress.bar(stderr);
        try (m) {
            EmotionFileAnalyzer analyzer = new EmotionFileAnalyzer(m, InputQualityGate.standard(),
                    new FfmpegAudioDecoder(), EmotionFileAnalyzer.Options.defaults()
                            .with(granularity, embeddings, curve, json).withTrackSettings(ts));
            analyzer.analyse(files, outDir, r -> {
                if (r.failed()) {
                    failed[0]++;
                    stderr.println("emotrace emotion: " + r.file() + ": error [" + r.errorCode() + "] " + r.error());
                    stderr.flush();
                }
                for (String w : r.warnings()) {
                    stderr.println("emotrace emotion: " + r.file() + ": warning: " + w);
                    stderr.flush();
                }
                try {
                    if (json) {
                        stdout.println(line.writeValueAsString(r));
                    } else if (!r.failed()) {
                        stdout.println(summary(r));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                stdout.flush();
            }, progress.listener(bar));
        } catch (EmotraceException e) {
            bar.finish();
            stderr.println("emotrace emotion: error " + e.describe());
            return 1;
        } finally {
            bar.finish();
        }
        if (failed[0] > 0) {
            stderr.println("emotrace emotion: " + failed[0] + " of " + files.size() + " file(s) failed");
            return 1;
        }
        return 0;
    }

    private static String summary(EmotionFileResult r) {
        SegmentEmotion s = r.result();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-40s %6.2f s  %-9s %-4s %.3f", r.file(),
                r.duration(), s.emotion().english(), s.emotion().chinese(), s.confidence()));
        if (r.segments().size() > 1) {
            sb.append("  (").append(r.segments().size()).append(' ').append(r.granularity().json()).append(" segments)");
        }
        if (s.reason() != null) {
            sb.append("  ").append(s.reason());
        }
        if (r.embedding() != null) {
            sb.append("  -> ").append(r.embedding());
        }
        return sb.toString();
    }
}
