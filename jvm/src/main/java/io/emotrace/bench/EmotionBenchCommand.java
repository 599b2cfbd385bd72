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
import io.emotrace.emotion.train.FeatureCache;
import io.emotrace.emotion.train.LocoRun;
import io.emotrace.emotion.train.TrainConfig;
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

    @Option(names = "--repeats", defaultValue = "3", description = "timed passes over the clips; the median is printed "
            + "with the range, since a machine's speed swings from pass to pass (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--model", paramLabel = "NAME", description = "model(s) to time: embedded, seed/base/large, an "
            + ".onnx path, a 'train emotion' folder, or 'stand-in' (default: embedded and stand-in)")
    List<String> models = new ArrayList<>();

    @Option(names = "--stand-in-dim", defaultValue = "768", description = "D of the generated stand-in (default ${DEFAULT-VALUE})")
    int standInDim;

    @Option(names = "--loco", description = "leave-one-corpus-out accuracy and calibration: per held-out corpus, train on "
            + "all other labelled corpora and test on all of it (UA/WA/macro-F1, confusion, ECE before/after temperature "
            + "scaling, reliability SVG), then the speed figures")
    boolean loco;

    @Option(names = "--folds", split = ",", paramLabel = "CORPUS", description = "--loco: the corpora to hold out "
            + "(default: all of ravdess, casia, urdu, korean-emotion, ased-amharic, nemo-polish, tess-english, "
            + "emovo-italian, savee-english, turev-turkish)")
    List<String> folds = new ArrayList<>();

    @Option(names = "--quick", description = "--loco: quick experiment, fewer epochs and clips per epoch (6 epochs, 250 clips per training corpus per epoch)")
    boolean quick;

    @Option(names = "--corpora", split = ",", paramLabel = "CORPUS", description = "--loco: the corpora used at all (default: all ten)")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--epochs", description = "--loco: epochs per fold (default 15, --quick 6)")
    Integer epochs;

    @Option(names = "--per-corpus", description = "--loco: clips drawn per training corpus per epoch (default 400, --quick 250)")
    Integer perCorpus;

    @Option(names = "--threads", defaultValue = "1", description = "--loco: LibTorch training threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--limit-per-speaker", defaultValue = "0", description = "--loco: at most this many clips per speaker (smoke runs)")
    int limitPerSpeaker;

    @Option(names = "--channels", description = "--loco: CNN width (default: the shipped recipe's)")
    Integer channels;

    @Option(names = "--blocks", description = "--loco: residual blocks (default: the shipped recipe's)")
    Integer blocks;

    @Option(names = "--out", defaultValue = "build/loco", description = "--loco: folder for loco.json and the reliability SVGs (default ${DEFAULT-VALUE})")
    Path locoOut;

    @Option(names = "--shipped-temperatures", split = ",", description = "--loco: instead of training, judge the shipped model "
            + "on the corpora it never trained on with each of these temperatures (1 = raw; e.g. the mean LOCO validation temperature)")
    List<Double> shippedTemperatures = new ArrayList<>();

    @Option(names = "--shipped-other-below", description = "with --shipped-temperatures: the other bound on the scaled "
            + "probabilities to report the share of other answers for (default: the card's)")
    Double shippedOtherBelow;

    @Option(names = "--clip-norm-share", description = "--loco: share of training crops normalised by their own clip's "
            + "mean instead of the speaker's (default: the shipped recipe's)")
    Double clipNormShare;

    @Option(names = "--corpus-adversarial", description = "--loco: largest weight of the corpus-adversarial (reversed "
            + "gradient) term in training (default: the shipped recipe's, off)")
    Double corpusAdversarial;

    @Option(names = "--encoder", paramLabel = "FILE", description = "--loco: every fold's network starts from this "
            + "pretrained encoder (`train emotion-encoder`'s encoder.pt) instead of random weights")
    Path encoder;

    @Option(names = "--dump-answers", description = "--loco: also write each validation and held-out clip's CNN logits "
            + "and head log-probabilities per fold (answers-CORPUS-{valid,test}.npy in --out), for calibration studies")
    boolean dumpAnswers;

    @Option(names = "--absolute-heads", description = "--loco: also fit the voice and prosody heads on the clips' "
            + "statistics without removing the speaker's mean, and average them in (experiment; dumped with --dump-answers)")
    boolean absoluteHeads;

    @Option(names = "--rhythm", description = "--loco: the prosody head also reads the rows' rhythm statistics "
            + "(modulation spectrum, pauses, voicing rate, pitch slope; RowStats.RHYTHM)")
    boolean rhythm;

    @Option(names = "--adapt-norms", description = "--loco: re-estimate the CNN's batch-norm statistics on the "
            + "unlabelled held-out clips before judging them: NONE, CORPUS (all of them), OTHER_HALF (each half of the "
            + "speakers with the other half's), ENTROPY_OTHER_HALF (the same after entropy minimisation on the norms), "
            + "RECORDING (three speakers at a time), SPEAKER (each speaker's alone); a "
            + "measurement (default ${DEFAULT-VALUE})")
    io.emotrace.emotion.train.NormAdaptation adaptNorms = io.emotrace.emotion.train.NormAdaptation.NONE;

    @Option(names = "--adapt-clips", defaultValue = "0", description = "--adapt-norms: hear at most this many clips (a "
            + "seeded sample; 0: every clip), e.g. to see how small a deployment's calibration set may be")
    int adaptClips;

    @Option(names = "--telephone", description = "with --loco: also judge each held-out corpus through a telephone line "
            + "(300-3400 Hz, G.711 mu-law; the fold's CNN alone), beside the CNN alone on the clips as recorded")
    boolean telephone;

    @Option(names = "--telephone-augment", description = "with --loco: every training clip also heard through a "
            + "telephone line trains each fold's CNN beside the clip as recorded (an experiment; its folds are kept apart)")
    boolean telephoneAugment;

    @Option(names = "--telephone-model", description = "with --loco (implies --telephone): each fold also trains a calls "
            + "model, the CNN and the heads on the training clips heard through the telephone line only, and judges the "
            + "held-out corpus's line clips with it (the model a telephone-band recording would get)")
    boolean telephoneModel;

    @Option(names = "--head-minutes", description = "--loco: also train a new-language head on this many minutes of "
            + "labelled clips of half of each held-out corpus's speakers and score it on the other half (0 = off)")
    double headMinutes;

    @Option(names = "--ensemble", defaultValue = "1", description = "--loco: models per fold, trained with different "
            + "seeds, whose logits are averaged (default ${DEFAULT-VALUE}; member 0 is the single model of a run without one)")
    int ensemble;

    @Option(names = "--prosody", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "--loco: the networks also hear a pitch track (log-F0 and voicing per frame, PitchTrack; the "
            + "shipped recipe); --no-prosody: the fbank alone (default ${DEFAULT-VALUE})")
    boolean prosody = true;

    @Option(names = "--voice-head", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "--loco: per fold, also fit a linear head on the speaker network's statistics (less the "
            + "speaker's mean) and fuse it with the CNN (the shipped recipe; --no-voice-head: the CNN alone; default "
            + "${DEFAULT-VALUE})")
    boolean voiceHead = true;

    @Option(names = "--feature-norm", description = "--loco: what is removed from each clip's fbank before the network: "
            + "CLIP_LEVEL (its mean level), CLIP_BINS (its per-bin mean), SPEAKER_BINS (the speaker's per-bin mean over all "
            + "of that speaker's clips; the shipped recipe, default)")
    io.emotrace.emotion.embedded.FeatureNorm featureNorm = io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS;

    @Option(names = "--voice-tuning", description = "with --loco: instead of the CNN folds, the speaker network tuned on "
            + "the emotion labels per held-out corpus (a measurement, not shipped; --epochs default 8): its answers on each "
            + "held-out corpus in --out as tuned-CORPUS-test.npy (models/tools/voice-tuning-fusion.py fuses them with a "
            + "--dump-answers run's)")
    boolean voiceTuning;

    @Option(names = "--voice-tuning-lr", defaultValue = "3e-4", description = "--voice-tuning: the network's peak "
            + "learning rate (its new classifier's: 2e-3; default ${DEFAULT-VALUE})")
    double voiceTuningLr;

    @Option(names = "--voice-tuning-group", defaultValue = "8", description = "--voice-tuning: clips of one speaker per "
            + "group, whose mean statistics are removed before the classifier (1: none; default ${DEFAULT-VALUE})")
    int voiceTuningGroup;

    @Option(names = "--voice-tuning-clip-mean", description = "--voice-tuning: the network reads each crop less its own "
            + "mean spectrum, as the speaker network was trained, instead of less the speaker's")
    boolean voiceTuningClipMean;

    @Option(names = "--voice-tuning-within", description = "--voice-tuning: instead of LOCO, the 4-fold speaker-independent "
            + "split train emotion reports (every corpus's speakers spread over the folds): own-class UA per corpus")
    boolean voiceTuningWithin;

    @Spec
    CommandSpec spec;

    /** The full LOCO run's recipe: the shipped model's, 15 epochs of 400 clips per training corpus. */
    static final int LOCO_EPOCHS = 15;
    static final int LOCO_PER_CORPUS = 400;
    static final int QUICK_EPOCHS = 6;
    static final int QUICK_PER_CORPUS = 250;
    static final int VOICE_TUNING_EPOCHS = 8;

    @Override
    public String parent() {
        return "bench";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (loco) {
            int rc = loco(out, err);
            if (rc != 0) {
                return rc;
            }
            out.printf(Locale.ROOT, "speed on %s, %d cores visible:%n", io.emotrace.runtime.HostInfo.cpuModel(),
                    Runtime.getRuntime().availableProcessors());
            models = List.of("embedded");
        }
        if (clips < 1 || batch < 1 || repeats < 1 || !(seconds >= 0.3)) {
            err.println("emotrace bench emotion: --clips, --batch and --repeats must be >= 1, --seconds >= 0.3");
            return 2;
        }
        List<float[]> audio;
        try {
            audio = clips(clips, seconds);
        } catch (IOException e) {
            err.println("emotrace bench emotion: " + e.getMessage());
            return 1;
        }
        String cpu = io.emotrace.runtime.HostInfo.cpuModel() + " (" + io.emotrace.runtime.HostInfo.cpuDetails() + ")";
        out.printf(Locale.ROOT, "emotion bench: %d clips of %.1f s real speech, batch %d, %d timed pass%s, %s, %d CPU "
                + "core(s) visible%n", clips, seconds, batch, repeats, repeats == 1 ? "" : "es", cpu,
                Runtime.getRuntime().availableProcessors());
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

    private int loco(PrintWriter out, PrintWriter err) {
        List<String> all = corpora.isEmpty() ? io.emotrace.emotion.embedded.CorpusLabels.LOCO_CORPORA : corpora;
        List<String> held = folds.isEmpty() ? all : folds;
        for (String c : held) {
            if (!all.contains(c) || !io.emotrace.emotion.embedded.CorpusLabels.CORPUS_CLASSES.containsKey(c)) {
                err.println("emotrace bench emotion --loco: unknown or unused corpus '" + c + "' (corpora: " + all + ")");
                return 2;
            }
        }
        if (voiceTuning) {
            if (voiceTuningGroup < 1 || voiceTuningGroup > 32 || 32 % voiceTuningGroup != 0 || !(voiceTuningLr > 0)
                    || (epochs != null && epochs < 1)) {
                err.println("emotrace bench emotion --voice-tuning: --voice-tuning-group must divide the batch of 32, "
                        + "--voice-tuning-lr be > 0 and --epochs >= 1");
                return 2;
            }
            out.flush();
            try {
                if (voiceTuningWithin) {
                    io.emotrace.emotion.train.VoiceTuningLoco.within(io.emotrace.SharedData.root().resolve("data"),
                            epochs != null ? epochs : VOICE_TUNING_EPOCHS, voiceTuningLr, voiceTuningGroup,
                            voiceTuningClipMean, System.out);
                    return 0;
                }
                io.emotrace.emotion.train.VoiceTuningLoco.run(io.emotrace.SharedData.root().resolve("data"), locoOut, held,
                        epochs != null ? epochs : VOICE_TUNING_EPOCHS, voiceTuningLr, voiceTuningGroup,
                        voiceTuningClipMean, System.out);
                return 0;
            } catch (EmotraceException e) {
                err.println("emotrace bench emotion --voice-tuning: " + e.describe());
                return 1;
            } catch (IOException e) {
                err.println("emotrace bench emotion --voice-tuning: " + e.getMessage());
                return 1;
            }
        }
        TrainConfig d = TrainConfig.defaults();
        int ep = epochs != null ? epochs : quick ? QUICK_EPOCHS : LOCO_EPOCHS;
        int pc = perCorpus != null ? perCorpus : quick ? QUICK_PER_CORPUS : LOCO_PER_CORPUS;
        if (encoder != null && (!java.nio.file.Files.isRegularFile(encoder) || !prosody
                || featureNorm != io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS || channels != null
                || blocks != null)) {
            err.println("emotrace bench emotion --loco: --encoder needs a readable encoder file (" + encoder
                    + ") and the recipe it was pretrained for (--prosody, SPEAKER_BINS, the default --channels and "
                    + "--blocks)");
            return 2;
        }
        if (corpusAdversarial != null && !(corpusAdversarial >= 0 && corpusAdversarial <= 10)) {
            err.println("emotrace bench emotion --loco: --corpus-adversarial in [0, 10]");
            return 2;
        }
        if (ep < 1 || pc < 1 || threads < 1 || limitPerSpeaker < 0 || ensemble < 1) {
            err.println("emotrace bench emotion --loco: --epochs, --per-corpus, --threads, --ensemble >= 1");
            return 2;
        }
        TrainConfig cfg = new TrainConfig(ep, d.batch(), d.cropSeconds(), d.lr(), d.weightDecay(), d.labelSmoothing(),
                d.frameLossWeight(), d.dropout(), channels != null ? channels : d.channels(), d.embDim(), d.seed(), threads,
                blocks != null ? blocks : d.blocks(), d.mixup(), d.freqWarp(),
                clipNormShare != null ? clipNormShare : d.clipNormShare(),
                corpusAdversarial != null ? corpusAdversarial : d.corpusAdversarial());
        String cmd = "./emotrace " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        LocoRun.Options opt;
        try { // the options check how they combine (--telephone-model is not for --telephone-augment)
            opt = new LocoRun.Options(io.emotrace.SharedData.root().resolve("data"), locoOut, all, held, cfg, pc,
                    FeatureCache.defaultDir(), limitPerSpeaker, cmd, quick,
                    Path.of(System.getProperty("user.home"), ".cache", "emotrace", "train"),
                    featureNorm, headMinutes, ensemble, prosody, voiceHead, encoder, dumpAnswers, absoluteHeads, rhythm,
                    adaptNorms, adaptClips, telephone || telephoneModel, telephoneAugment, telephoneModel);
        } catch (IllegalArgumentException e) {
            err.println("emotrace bench emotion --loco: " + e.getMessage());
            return 2;
        }
        out.flush();
        try {
            if (!shippedTemperatures.isEmpty()) {
                new LocoRun(opt, System.out).shippedCheck(shippedTemperatures, shippedOtherBelow);
                return 0;
            }
            new LocoRun(opt, System.out).run();
            return 0;
        } catch (EmotraceException e) {
            err.println("emotrace bench emotion --loco: " + e.describe());
            return 1;
        } catch (IOException e) {
            err.println("emotrace bench emotion --loco: " + e.getMessage());
            return 1;
        }
    }

    private void run(PrintWriter out, String name, List<float[]> audio) throws EmotraceException, IOException {
        long t0 = System.nanoTime();
        EmotionModel m = STAND_IN.equals(name) ? standIn() : EmotionModels.open(name);
        double load = (System.nanoTime() - t0) / 1e9;
        try (m) {
            m.analyse(audio.subList(0, Math.min(batch, audio.size())), false);
            double[] rates = new double[repeats];
            int judged = 0;
            for (int r = 0; r < repeats; r++) {
                long t1 = System.nanoTime();
                judged = 0;
                for (int from = 0; from < audio.size(); from += batch) {
                    judged += (int) m.analyse(audio.subList(from, Math.min(audio.size(), from + batch)), false).stream()
                            .filter(c -> c.ran()).count();
                }
                rates[r] = audio.size() / ((System.nanoTime() - t1) / 1e9);
            }
            double rate = median(rates);
            out.printf(Locale.ROOT, "%-12s load %6.2f s   %8.1f clips/s%s   %7.1f x real time   (%d/%d judged)   %s%n",
                    STAND_IN.equals(name) ? "STAND-IN" : name, load, rate, range(rates), rate * seconds, judged,
                    audio.size(), m.describe() + (STAND_IN.equals(name) ? " -- NOT the real Emotion2Vec+" : ""));
            out.flush();
            if (m.usesSpeakerVoice()) {
                withVoice(out, m, audio);
            }
        }
    }

    /**
     * The path an analysis takes: the speaker's voice is collected over the clips (every 8 clips one voice, as if 8
     * utterances of one speaker) and each clip judged against it, reusing what the voice pass read of it; both steps
     * are in the time.
     */
    private void withVoice(PrintWriter out, EmotionModel m, List<float[]> audio) throws EmotraceException {
        int perSpeaker = 8;
        double[] rates = new double[repeats];
        double[] voiceShare = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            double voiceSeconds = 0;
            for (int from = 0; from < audio.size(); from += perSpeaker) {
                List<float[]> part = audio.subList(from, Math.min(audio.size(), from + perSpeaker));
                long tv = System.nanoTime();
                List<io.emotrace.domain.PreparedClip> prepared = m.prepare(part, true);
                io.emotrace.domain.SpeakerVoice voice = io.emotrace.domain.PreparedClip.voiceOf(prepared);
                voiceSeconds += (System.nanoTime() - tv) / 1e9;
                m.analysePrepared(prepared, false, voice);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            rates[r] = audio.size() / secs;
            voiceShare[r] = voiceSeconds / secs;
        }
        out.printf(Locale.ROOT, "%-12s with the speaker's voice (collected over every %d clips, in the time): %8.1f clips/s"
                + "%s (the voice pass %.0f %% of the time)%n", "", perSpeaker, median(rates), range(rates),
                100 * median(voiceShare));
        out.flush();
    }

    /** The middle value (the mean of the middle two for an even count). */
    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** " (min-max over N passes)", or nothing for one pass. */
    private static String range(double[] v) {
        if (v.length < 2) {
            return "";
        }
        return String.format(Locale.ROOT, " (%.1f-%.1f over %d passes)", java.util.Arrays.stream(v).min().orElse(0),
                java.util.Arrays.stream(v).max().orElse(0), v.length);
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
