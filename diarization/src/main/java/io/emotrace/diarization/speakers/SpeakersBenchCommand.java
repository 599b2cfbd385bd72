package io.emotrace.diarization.speakers;

import io.emotrace.EmotraceException;
import io.emotrace.SharedData;
import io.emotrace.audio.AudioDecoder;
import io.emotrace.audio.FfmpegAudioDecoder;
import io.emotrace.cli.CliCommand;
import io.emotrace.corpus.CorpusCatalog;
import io.emotrace.corpus.CorpusUtterance;
import io.emotrace.diarization.embedding.HeldOutSpeakers;
import io.emotrace.diarization.embedding.SpeakerEmbedder;
import io.emotrace.diarization.pipeline.SpeakerDiarizerFactory;
import io.emotrace.speakers.SpeakerMatcher;
import io.emotrace.speakers.SpeakerThreshold;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotrace bench speakers --enrol}: open-set identification of enrolled voices on speakers the speaker
 * embedding never trained on. The threshold is calibrated on one held-out set and the figures are reported on
 * another that shares no speaker with it; see {@link EnrolmentBench}.
 */
@Command(name = "speakers", mixinStandardHelpOptions = true,
        description = {"Known-speaker identification on held-out speakers: enrol each known speaker with",
                "--enrol-seconds of speech, name test utterances (open set), print identification accuracy and",
                "false accepts of unknown voices (enrolled and unknown voices from the same corpus), on two sets",
                "of held-out speakers that share no speaker: A = nemo-polish + emovo-italian, B = the held-out",
                "speakers of ravdess, casia, urdu, librispeech. The threshold calibrated on each set is reported",
                "on the other; the shipped one comes from A."})
public final class SpeakersBenchCommand implements CliCommand, Callable<Integer> {
    @Option(names = "--enrol", required = true,
            description = "enrolment benchmark (the only mode so far; the flag keeps room for others)")
    boolean enrol;

    @Option(names = "--data", paramLabel = "DIR", description = "folder with the corpora (default: $EMOTRACE_SHARED/data)")
    Path data;

    @Option(names = "--enrol-seconds", defaultValue = "30", description = "speech per enrolled speaker (default ${DEFAULT-VALUE})")
    double enrolSeconds;

    @Option(names = "--probe-seconds", split = ",", defaultValue = "0,5,10,30",
            description = "probe lengths: 0 = each test utterance is one probe; S = consecutive utterances joined to "
                    + "at least S seconds of speech (a speaker's voice in a recording) (default ${DEFAULT-VALUE})")
    List<Double> probeSeconds;

    @Option(names = "--max-utterances", defaultValue = "60", description = "utterances per speaker, seeded random "
            + "choice (default ${DEFAULT-VALUE}; 0 = all)")
    int maxUtterances;

    @Option(names = "--target-false-accepts", defaultValue = "0.02",
            description = "calibration: the lowest threshold whose false-accept rate is at most this (default ${DEFAULT-VALUE})")
    double targetFalseAccepts;

    @Option(names = "--seed", defaultValue = "17", description = "seed for the utterance choice (default ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public String parent() {
        return "bench";
    }

    /** Whole held-out corpora with enough speech per speaker (phone-alphanumeric has under 30 s each). */
    static final List<String> SET_A = List.of("nemo-polish", "emovo-italian");
    /** The original corpora, of which only the held-out speakers are used (AMI excerpts aside). */
    static final List<String> SET_B = List.of("ravdess", "casia", "urdu", "librispeech");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = data != null ? data : SharedData.root().resolve("data");
        long t0 = System.nanoTime();
        Consumer<String> log = m -> {
            err.println("[bench speakers] " + m);
            err.flush();
        };
        try (SpeakerEmbedder emb = new SpeakerDiarizerFactory().embedderFactory().create()) {
            out.println("embedder: " + emb.describe());
            out.println("cpu: " + cpuModel() + " (" + Runtime.getRuntime().availableProcessors() + " cores visible)");
            AudioDecoder decoder = new FfmpegAudioDecoder();
            log.accept("set A: " + SET_A);
            List<EnrolmentBench.Speaker> a = load(root, SET_A, sp -> true, emb, decoder, log);
            log.accept("set B: held-out speakers of " + SET_B);
            List<EnrolmentBench.Speaker> b = load(root, SET_B, HeldOutSpeakers::contains, emb, decoder, log);
            out.printf(Locale.ROOT, "protocol: %.0f s of enrolment speech per known speaker; known and unknown voices "
                    + "from the same corpus, split in two folds (every speaker known in one, unknown in the other); %d "
                    + "utterances per speaker at most (seed %d); a threshold = the lowest with <= %.1f %% of unknown "
                    + "voices named on the set it is calibrated on%n", enrolSeconds, maxUtterances, seed,
                    100 * targetFalseAccepts);
            out.println("set A = nemo-polish + emovo-italian (whole corpora never trained on); set B = held-out "
                    + "speakers of ravdess, casia, urdu, librispeech");
            List<SpeakerThreshold.Point> curve = new ArrayList<>();
            List<EnrolmentBench.Trials[]> runs = new ArrayList<>();
            for (double len : probeSeconds) {
                EnrolmentBench bench = new EnrolmentBench(enrolSeconds, len);
                EnrolmentBench.Trials ta = bench.trialsByCorpus(a);
                EnrolmentBench.Trials tb = bench.trialsByCorpus(b);
                runs.add(new EnrolmentBench.Trials[] {ta, tb});
                curve.add(new SpeakerThreshold.Point(ta.medianSeconds(), ta.calibrate(targetFalseAccepts)));
            }
            SpeakerThreshold calibrated = monotone(curve);
            out.println("threshold calibrated on A per amount of speech (median probe seconds): " + calibrated);
            out.println("shipped default (SpeakerMatcher.DEFAULT_THRESHOLD): " + SpeakerMatcher.DEFAULT_THRESHOLD);
            for (int i = 0; i < runs.size(); i++) {
                double len = probeSeconds.get(i);
                EnrolmentBench.Trials ta = runs.get(i)[0];
                EnrolmentBench.Trials tb = runs.get(i)[1];
                double thA = ta.calibrate(targetFalseAccepts);
                double thB = tb.calibrate(targetFalseAccepts);
                out.printf(Locale.ROOT, "probes: %s (median %.1f s on A, %.1f s on B); A: %s; B: %s%n",
                        len > 0 ? String.format(Locale.ROOT, "%.0f s of speech each", len) : "one utterance each",
                        ta.medianSeconds(), tb.medianSeconds(), ta.describe(), tb.describe());
                out.println(tb.figures("B at A's threshold for these probes", thA));
                out.println(ta.figures("A at B's threshold for these probes", thB));
                out.println(tb.figures("B at the shipped default (per probe seconds)",
                        SpeakerMatcher.DEFAULT_THRESHOLD::at));
                out.println(ta.figures("A at the shipped default (calibrated on A: not a test)",
                        SpeakerMatcher.DEFAULT_THRESHOLD::at));
            }
            out.printf(Locale.ROOT, "targets: >= 95 %% correct identification, <= 2 %% unknown voices named; wall %.0f s%n",
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace bench speakers: error " + e.describe());
            return 1;
        }
    }

    /** Each speaker's utterances (seeded choice), decoded, speech kept, embedded in pieces. */
    private List<EnrolmentBench.Speaker> load(Path root, List<String> corpora, java.util.function.Predicate<String> keep,
            SpeakerEmbedder emb, AudioDecoder decoder, Consumer<String> log) throws EmotraceException {
        CorpusCatalog catalog = CorpusCatalog.load(root, corpora);
        List<EnrolmentBench.Speaker> out = new ArrayList<>();
        for (String speaker : catalog.speakers()) {
            if (!keep.test(speaker)) {
                continue;
            }
            List<CorpusUtterance> utts = new ArrayList<>(catalog.utterances(speaker));
            Collections.shuffle(utts, new Random(seed ^ speaker.hashCode()));
            if (maxUtterances > 0 && utts.size() > maxUtterances) {
                utts = utts.subList(0, maxUtterances);
            }
            List<float[]> speech = new ArrayList<>();
            for (CorpusUtterance u : utts) {
                try {
                    float[] s = VoiceEmbedding.speechOnly(decoder.decodeAll(u.file()));
                    if (s.length >= VoiceEmbedding.RATE) { // at least 1 s of speech
                        speech.add(s);
                    }
                } catch (EmotraceException e) {
                    log.accept("skipping " + u.source() + ": " + e.describe());
                }
            }
            List<EnrolmentBench.Utterance> embedded = new ArrayList<>();
            for (float[] s : speech) {
                VoiceEmbedding.Pieces p = VoiceEmbedding.embed(emb, List.of(s));
                if (!p.embeddings().isEmpty()) {
                    embedded.add(new EnrolmentBench.Utterance(p.weightedSum(), p.totalSeconds()));
                }
            }
            out.add(new EnrolmentBench.Speaker(speaker, catalog.utterances(speaker).get(0).corpus(), embedded));
        }
        log.accept(corpora + ": " + out.size() + " speakers, "
                + out.stream().mapToInt(s -> s.utterances().size()).sum() + " utterances embedded");
        return out;
    }

    /** The points with each threshold raised to at least those of shorter probes (more speech never lowers it). */
    static SpeakerThreshold monotone(List<SpeakerThreshold.Point> points) {
        List<SpeakerThreshold.Point> sorted = new ArrayList<>(points);
        sorted.sort(java.util.Comparator.comparingDouble(SpeakerThreshold.Point::seconds));
        List<SpeakerThreshold.Point> out = new ArrayList<>();
        double max = Double.NEGATIVE_INFINITY;
        for (SpeakerThreshold.Point p : sorted) {
            max = Math.max(max, p.cosine());
            out.add(new SpeakerThreshold.Point(p.seconds(), max));
        }
        return new SpeakerThreshold(out);
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
