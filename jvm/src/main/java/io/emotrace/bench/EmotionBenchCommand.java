package io.emotrace.bench;

import io.emotrace.EmotraceException;
import io.emotrace.cli.CliCommand;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.Emotion2VecFactory;
import io.emotrace.emotion.Emotion2VecOnnxRecognizer;
import io.emotrace.emotion.EmotionModel;
import io.emotrace.emotion.EmotionModels;
import io.emotrace.emotion.quality.InputQualityGate;
import io.emotrace.emotion.standin.Emotion2VecStandIn;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./emotrace bench emotion}: model load time and clips per second for 3-second clips. */
@Command(name = "emotion", mixinStandardHelpOptions = true,
        description = {"Emotion model throughput: load time, then clips/s on N clips of real speech (shared/data/asr,",
                "tiled and cut) in batches, after a warm-up batch; the input-quality gate is timed separately.",
                "By default: the embedded model and a generated Emotion2Vec+ STAND-IN (same ONNX signature, a single",
                "conv layer: it measures the ONNX Runtime plumbing, NOT the real Emotion2Vec+ model)."})
public final class EmotionBenchCommand implements CliCommand, Callable<Integer> {
    static final String STAND_IN = "stand-in";

    @Option(names = "--clips", defaultValue = "300", description = "clips to time (default ${DEFAULT-VALUE})")
    int clips;

    @Option(names = "--seconds", defaultValue = "3.0", description = "clip length (default ${DEFAULT-VALUE} s)")
    double seconds;

    @Option(names = "--batch", defaultValue = "32", description = "clips per model call (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--model", paramLabel = "NAME", description = "model(s) to time: embedded, seed/base/large, an "
            + ".onnx path, a 'train emotion' folder, or 'stand-in' (default: embedded and stand-in)")
    List<String> models = new ArrayList<>();

    @Option(names = "--stand-in-dim", defaultValue = "768", description = "D of the generated stand-in (default ${DEFAULT-VALUE})")
    int standInDim;

    @Spec
    CommandSpec spec;

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (clips < 1 || batch < 1 || !(seconds >= 0.3)) {
            err.println("emotrace bench emotion: --clips and --batch must be >= 1, --seconds >= 0.3");
            return 2;
        }
        List<float[]> audio;
        try {
            audio = clips(clips, seconds);
        } catch (IOException e) {
            err.println("emotrace bench emotion: " + e.getMessage());
            return 1;
        }
        out.printf(Locale.ROOT, "emotion bench: %d clips of %.1f s real speech, batch %d, %d CPU core(s) visible%n",
                clips, seconds, batch, Runtime.getRuntime().availableProcessors());
        long g0 = System.nanoTime();
        InputQualityGate gate = InputQualityGate.standard();
        for (float[] c : audio) {
            gate.assess(c);
        }
        double gateSeconds = (System.nanoTime() - g0) / 1e9;
        out.printf(Locale.ROOT, "input-quality gate: %.0f clips/s%n", clips / gateSeconds);
        List<String> names = models.isEmpty() ? List.of("embedded", STAND_IN) : models;
        int failures = 0;
        for (String name : names) {
            try {
                run(out, name, audio);
            } catch (EmotraceException e) {
                err.println("emotrace bench emotion: " + name + ": error " + e.describe());
                failures++;
            } catch (IOException e) {
                err.println("emotrace bench emotion: " + name + ": " + e.getMessage());
                failures++;
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private void run(PrintWriter out, String name, List<float[]> audio) throws EmotraceException, IOException {
        long t0 = System.nanoTime();
        EmotionModel m = STAND_IN.equals(name) ? standIn() : EmotionModels.open(name);
        double load = (System.nanoTime() - t0) / 1e9;
        try (m) {
            m.analyse(audio.subList(0, Math.min(batch, audio.size())), false);
            long t1 = System.nanoTime();
            int judged = 0;
            for (int from = 0; from < audio.size(); from += batch) {
                judged += (int) m.analyse(audio.subList(from, Math.min(audio.size(), from + batch)), false).stream()
                        .filter(c -> c.ran()).count();
            }
            double secs = (System.nanoTime() - t1) / 1e9;
            double rate = audio.size() / secs;
            out.printf(Locale.ROOT, "%-12s load %6.2f s   %8.1f clips/s   %7.1f x real time   (%d/%d judged)   %s%n",
                    STAND_IN.equals(name) ? "STAND-IN" : name, load, rate, rate * seconds, judged, audio.size(),
                    m.describe() + (STAND_IN.equals(name) ? " -- NOT the real Emotion2Vec+" : ""));
            out.flush();
        }
    }

    /** A generated Emotion2Vec+ stand-in (export signature, one conv layer) in a temporary folder. */
    private EmotionModel standIn() throws IOException, EmotraceException {
        Path dir = Files.createTempDirectory("emotrace-standin");
        Path onnx = Emotion2VecStandIn.generate(dir, "emotion2vec_stand_in", standInDim, 42).onnx();
        try {
            return new Emotion2VecFactory(onnx.toString(), null, EnumSet.allOf(Emotion.class),
                    Emotion2VecOnnxRecognizer.Settings.defaults()).createOnnx();
        } finally {
            // the session has the model in memory; the files can go
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** {@code n} clips of {@code seconds} cut from the shared real speech. */
    static List<float[]> clips(int n, double seconds) throws IOException {
        int len = (int) Math.round(seconds * RealSpeech.SAMPLE_RATE);
        float[] all = RealSpeech.tiled((long) Math.ceil(n * seconds) + 1);
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Arrays.copyOfRange(all, i * len, (i + 1) * len));
        }
        return out;
    }
}
