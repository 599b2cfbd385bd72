package io.emotrace.emotion.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.Digests;
import io.emotrace.EmotraceException;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.CorpusLabels;
import io.emotrace.emotion.embedded.EmotionNet;
import io.emotrace.output.ResultJson;
import io.emotrace.runtime.HostInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Leave-one-corpus-out (LOCO) evaluation of the embedded emotion recipe: per held-out corpus, a model is trained
 * on every other labelled corpus (balanced multi-corpus sampling, {@link EmotionTrainer}) and judged on every clip
 * of the held-out corpus, over the four classes every corpus has and over the corpus's own classes. Confidence is
 * calibrated by a temperature fitted on a validation split of the TRAINING corpora' speakers (never on the
 * held-out corpus); the {@code other} bound is chosen on the same validation predictions. Finished folds are
 * kept (logits on disk) and every training checkpoints per epoch, so an interrupted run resumes.
 */
public final class LocoRun {
    /**
     * @param corpora every corpus used (train pool and held-out candidates)
     * @param heldOut the corpora to hold out, one fold each
     * @param perCorpusPerEpoch clips drawn from each training corpus per epoch (balanced sampling)
     * @param limitPerSpeaker > 0: at most this many clips per speaker (tests, smoke runs)
     */
    public record Options(Path dataRoot, Path out, List<String> corpora, List<String> heldOut, TrainConfig config,
            int perCorpusPerEpoch, Path cacheDir, int limitPerSpeaker, String commandLine, boolean quick, Path workRoot,
            io.emotrace.emotion.embedded.FeatureNorm norm, double headMinutes, int ensemble, boolean prosody,
            boolean voiceHead, Path encoder, boolean dumpAnswers, boolean absoluteHeads, boolean rhythm,
            NormAdaptation adaptNorms, int adaptClips, boolean telephone, boolean telephoneAugment,
            boolean telephoneModel) {
        public Options {
            if (telephoneModel && (!telephone || telephoneAugment)) {
                throw new IllegalArgumentException("a calls model is judged through the line (telephone) and is the "
                        + "plain run's companion (not with telephone augmentation)");
            }
            if (ensemble < 1) {
                throw new IllegalArgumentException("ensemble must be >= 1");
            }
            java.util.Objects.requireNonNull(adaptNorms, "adaptNorms");
            if (adaptClips < 0) {
                throw new IllegalArgumentException("adaptClips must be >= 0 (0: every clip)");
            }
        }

        /** Without a pretrained encoder, dumped answers, absolute heads or rhythm statistics. */
        public Options(Path dataRoot, Path out, List<String> corpora, List<String> heldOut, TrainConfig config,
                int perCorpusPerEpoch, Path cacheDir, int limitPerSpeaker, String commandLine, boolean quick, Path workRoot,
                io.emotrace.emotion.embedded.FeatureNorm norm, double headMinutes, int ensemble, boolean prosody,
                boolean voiceHead) {
            this(dataRoot, out, corpora, heldOut, config, perCorpusPerEpoch, cacheDir, limitPerSpeaker, commandLine,
                    quick, workRoot, norm, headMinutes, ensemble, prosody, voiceHead, null, false, false, false,
                    NormAdaptation.NONE, 0, false, false, false);
        }
    }

    /** Values per frame the networks see: the fbank's bins, or the rows with prosody channels. */
    private final int bins;
    /** Corpora with at least this many speakers give every {@link #VAL_EVERY}-th speaker to validation. */
    static final int VAL_MIN_SPEAKERS = 5;
    static final int VAL_EVERY = 6;

    private final Options opt;
    private final PrintStream log;
    private final ObjectMapper json = ResultJson.mapper();
    /** Per held-out corpus: its 4-class UA over speaker-bootstrap draws ({@link LocoBootstrap}), for the mean's interval. */
    private final Map<String, double[]> uaReplicates = new LinkedHashMap<>();
    /** Per held-out corpus: its cross-corpus-calibrated ECE over the same kind of draws. */
    private final Map<String, double[]> eceReplicates = new LinkedHashMap<>();
    /** Per held-out corpus: each held-out clip's speaker, in the order of its logits. */
    private final Map<String, List<String>> heldSpeakers = new LinkedHashMap<>();
    /**
     * Per held-out corpus ({@code --telephone-model}): the calls model's answers on its line clips (the CNN alone, and
     * fused with its heads), and their labels.
     */
    private final Map<String, float[][]> callsCnnLogits = new LinkedHashMap<>();
    private final Map<String, float[][]> callsLogits = new LinkedHashMap<>();
    private final Map<String, int[]> callsLabels = new LinkedHashMap<>();

    public LocoRun(Options opt, PrintStream log) {
        this.opt = opt;
        this.log = log;
        this.bins = LabelledClips.width(opt.prosody());
    }

    /** Held-out logits of one fold: validation clips (training corpora) and test clips (held-out corpus). */
    public record FoldLogits(float[][] validation, float[][] test) {
    }

    public ObjectNode run() throws IOException, EmotraceException {
        long t0 = System.nanoTime();
        Files.createDirectories(opt.out());
        List<Sample> samples = load();
        Set<String> val = validationSpeakers(samples);
        log.printf(Locale.ROOT, "LOCO: %d labelled clips of %d corpora loaded in %.0f s; validation speakers (temperature, "
                + "other bound): %d%n", samples.size(), opt.corpora().size(), (System.nanoTime() - t0) / 1e9, val.size());
        ObjectNode root = json.createObjectNode();
        root.put("evaluation", "leave-one-corpus-out: per held-out corpus a model trained on all other corpora "
                + "(minus validation speakers), tested on every clip of the held-out corpus; temperature and other bound "
                + "fitted on the validation speakers of the training corpora only");
        root.put("command", opt.commandLine());
        root.put("quick", opt.quick());
        root.put("cpu", HostInfo.cpuModel());
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.set("config", json.valueToTree(opt.config()));
        root.put("per_corpus_per_epoch", opt.perCorpusPerEpoch());
        root.put("feature_norm", opt.norm().name());
        root.put("ensemble", opt.ensemble());
        root.put("prosody", opt.prosody());
        root.put("telephone_augment", opt.telephoneAugment());
        root.put("telephone_model", opt.telephoneModel());
        root.put("adapt_norms", opt.adaptNorms().name());
        root.put("adapt_clips", opt.adaptClips());
        root.put("pitch_tracker", opt.prosody() ? LabelledClips.TRACKER : 0);
        // the head reads statistics less the speaker's mean: only with speaker-normalised features, as at run time
        boolean head = opt.voiceHead() && opt.norm() == io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS;
        if (opt.voiceHead() && !head) {
            log.println("voice head: off (needs --feature-norm SPEAKER_BINS)");
        }
        VoiceHeadFolds voice = head ? VoiceHeadFolds.compute(samples, bins, log, opt.absoluteHeads(), opt.rhythm()) : null;
        if (voice != null) {
            root.put("voice_head", voice.describe());
        }
        root.set("corpora", json.valueToTree(opt.corpora()));
        root.set("validation_speakers", json.valueToTree(new TreeSet<>(val)));
        ObjectNode folds = root.putObject("folds");
        List<double[]> pooledConf = new ArrayList<>();
        Map<String, float[][]> heldLogits = new LinkedHashMap<>();
        Map<String, int[]> heldLabels = new LinkedHashMap<>();
        List<Boolean> pooledRight = new ArrayList<>();
        List<double[]> pooledConfAfter = new ArrayList<>();
        EmotionTrainer trainer = new EmotionTrainer(opt.config(), log, opt.perCorpusPerEpoch()).startingFrom(opt.encoder());
        // every clip also heard through a telephone line: judged (--telephone), a training clip of its own for the CNN
        // (--telephone-augment), or the training clips of a calls model (--telephone-model)
        List<Sample> lines = opt.telephone() || opt.telephoneAugment() ? LabelledClips.load(new LabelledClips.Request(
                opt.dataRoot(), opt.corpora(), opt.cacheDir(), 1, opt.limitPerSpeaker(), opt.norm(), true, opt.prosody(),
                true), source -> { }) : List.of();
        VoiceHeadFolds lineVoice = voice != null && opt.telephone()
                ? VoiceHeadFolds.compute(lines, bins, log, false, opt.rhythm(), io.emotrace.audio.TelephoneChannel::apply)
                : null;
        if (opt.telephoneAugment()) {
            log.printf(Locale.ROOT, "telephone augmentation: %d clips also heard through a telephone line train the CNN "
                    + "beside the clips as recorded (the heads and the calibration read the clips as recorded)%n",
                    lines.size());
        }
        for (String h : opt.heldOut()) {
            List<Sample> train = new ArrayList<>();
            List<Sample> valid = new ArrayList<>();
            List<Sample> test = new ArrayList<>();
            for (Sample s : samples) {
                if (s.corpus().equals(h)) {
                    test.add(s);
                } else if (val.contains(s.speaker())) {
                    valid.add(s);
                } else {
                    train.add(s);
                }
            }
            if (test.isEmpty()) {
                throw new EmotraceException("loco.empty", "held-out corpus " + h + " has no labelled clips");
            }
            log.printf(Locale.ROOT, "fold: held out %s (%d clips, %d speakers); train %d clips, validation %d clips%n", h,
                    test.size(), test.stream().map(Sample::speaker).distinct().count(), train.size(), valid.size());
            long tf = System.nanoTime();
            List<Sample> cnnTrain = train;
            if (opt.telephoneAugment()) {
                cnnTrain = new ArrayList<>(train);
                for (Sample s : lines) {
                    if (!s.corpus().equals(h) && !val.contains(s.speaker())) {
                        cnnTrain.add(s);
                    }
                }
            }
            FoldLogits l = foldLogits(trainer, h, cnnTrain, valid, test);
            ObjectNode fused = null;
            if (voice != null) {
                fused = json.createObjectNode();
                fused.put("cnn_alone_shared_4_ua", round(shared4(l.test(), test).ua()));
                l = voice.fuse(train, valid, test, l, fused, opt.dumpAnswers() ? opt.out().resolve("answers-" + h) : null);
                log.printf(Locale.ROOT, "  heads: CNN alone 4-class UA %.3f, voice head alone %.3f, prosody head alone %s, "
                        + "fused %.3f%n", fused.path("cnn_alone_shared_4_ua").asDouble(),
                        fused.path("voice_head_alone_shared_4_ua").asDouble(),
                        fused.has("prosody_head_alone_shared_4_ua") ? String.format(Locale.ROOT, "%.3f",
                                fused.path("prosody_head_alone_shared_4_ua").asDouble()) : "-",
                        shared4(l.test(), test).ua());
            }
            heldLogits.put(h, l.test());
            heldLabels.put(h, test.stream().mapToInt(x -> x.label().ordinal()).toArray());
            heldSpeakers.put(h, test.stream().map(Sample::speaker).toList());
            ObjectNode f = evaluateFold(h, valid, l, test);
            if (fused != null) {
                f.set("voice_head", fused);
            }
            if (opt.norm() == io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS) {
                ObjectNode alone = metrics(shared4(aloneLogits(trainer, h, cnnTrain, test), test));
                f.set("shared_4_single_clip", alone);
                log.printf(Locale.ROOT, "    single clips without their speaker's other speech (own mean removed): 4-class UA %.3f%n",
                        alone.path("ua").asDouble());
            }
            if (opt.headMinutes() > 0) {
                f.set("new_language_head", newLanguageHead(trainer, h, cnnTrain, test));
            }
            if (opt.telephone()) {
                List<Sample> heldLines = new ArrayList<>();
                List<Sample> trainLines = new ArrayList<>();
                for (Sample s : lines) {
                    if (s.corpus().equals(h)) {
                        heldLines.add(s);
                    } else if (!val.contains(s.speaker())) {
                        trainLines.add(s);
                    }
                }
                f.set("telephone", telephone(trainer, h, cnnTrain, train, test, new Heard(heldLines, trainLines, voice,
                        lineVoice), voice != null ? f.path("voice_head").path("cnn_alone_shared_4_ua").asDouble()
                        : shared4(l.test(), test).ua(), shared4(l.test(), test).ua()));
            }
            f.put("seconds", Math.round((System.nanoTime() - tf) / 1e9));
            folds.set(h, f);
            double t = f.path("temperature").asDouble();
            float[] mask7 = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
            for (int i = 0; i < test.size(); i++) {
                double[] p = Calibration.softmax(l.test()[i], mask7, 1.0);
                double[] q = Calibration.softmax(l.test()[i], mask7, t);
                int b = argmax(p);
                pooledConf.add(new double[] {p[b]});
                pooledConfAfter.add(new double[] {q[b]});
                pooledRight.add(b == test.get(i).label().ordinal());
            }
        }
        crossCorpusCalibration(root, folds, heldLogits, heldLabels);
        callsCalibration(root, "calls_model_cnn_alone_calibration", "the calls CNN alone", callsCnnLogits);
        callsCalibration(root, "calls_model_calibration", "the calls model fused with its heads", callsLogits);
        summarise(root, folds);
        double[] c0 = pooledConf.stream().mapToDouble(a -> a[0]).toArray();
        double[] c1 = pooledConfAfter.stream().mapToDouble(a -> a[0]).toArray();
        boolean[] r = new boolean[pooledRight.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = pooledRight.get(i);
        }
        Calibration.Reliability before = Calibration.reliability(c0, r, Calibration.ECE_BINS);
        Calibration.Reliability after = Calibration.reliability(c1, r, Calibration.ECE_BINS);
        Path svg = opt.out().resolve("reliability-loco.svg");
        Files.writeString(svg, Calibration.reliabilitySvg("LOCO held-out clips, 7-class top probability " + opt.heldOut(),
                before, after, "raw", "temperature-scaled"), StandardCharsets.UTF_8);
        ObjectNode pooled = root.putObject("pooled_held_out");
        pooled.put("clips", r.length);
        pooled.put("ece15_7class_before", round(before.ece()));
        pooled.put("ece15_7class_after", round(after.ece()));
        pooled.set("reliability_after", json.valueToTree(after));
        log.printf(Locale.ROOT, "pooled held-out clips %d: ECE(15 bins, 7-class top probability) %.3f raw -> %.3f "
                + "temperature-scaled; reliability plot %s%n", r.length, before.ece(), after.ece(), svg);
        root.put("total_seconds", Math.round((System.nanoTime() - t0) / 1e9));
        json.writerWithDefaultPrettyPrinter().writeValue(opt.out().resolve("loco.json").toFile(), root);
        log.println("LOCO results: " + opt.out().resolve("loco.json"));
        return root;
    }

    /**
     * The shipped model (trained on ravdess, casia, urdu) on every clip of the loaded corpora it never saw: 4-class
     * UA and the 7-class ECE(15) raw and with each of {@code temperatures} (values learned elsewhere, e.g. the mean
     * LOCO validation temperature: nothing is fitted on these corpora), and the share of {@code other} answers under
     * the card's bound on each. Writes shipped-calibration.json.
     */
    public ObjectNode shippedCheck(List<Double> temperatures, Double otherBound) throws IOException, EmotraceException {
        io.emotrace.emotion.embedded.ModelCard card = io.emotrace.emotion.embedded.EmbeddedWeights.readCard(
                io.emotrace.emotion.embedded.EmbeddedWeights.resource(io.emotrace.emotion.embedded.EmbeddedWeights.CARD));
        if (card.prosody() != opt.prosody() || card.bins() != bins) {
            throw new EmotraceException("loco.prosody", "the shipped model " + (card.prosody() ? "hears" : "does not hear")
                    + " the pitch track (" + card.bins() + " values per frame): run " + (card.prosody() ? "with" : "without")
                    + " --prosody");
        }
        if (card.prosody() && card.tracker() != LabelledClips.TRACKER) {
            throw new EmotraceException("loco.prosody", "the shipped model reads pitch tracker " + card.tracker()
                    + ", training reads tracker " + LabelledClips.TRACKER + ": check a model of this tracker");
        }
        double bound = otherBound != null ? otherBound : card.otherBelow();
        List<String> seen = List.of("ravdess", "casia", "urdu");
        List<Sample> all = load();
        ObjectNode root = json.createObjectNode();
        root.put("model", card.origin());
        root.put("card_other_below", card.otherBelow());
        root.put("other_below_reported", bound);
        root.put("cpu", HostInfo.cpuModel());
        float[] mask7 = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
        float[] mask4 = CorpusLabels.logitMask(CorpusLabels.SHARED);
        EmotionNet net = io.emotrace.emotion.embedded.EmbeddedWeights.load(card,
                io.emotrace.emotion.embedded.EmbeddedWeights.resource(io.emotrace.emotion.embedded.EmbeddedWeights.WEIGHTS));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "shipped model on corpora it never trained on "
                + "(ECE(15) 7-class [share of other answers under %.2f] per temperature):%n  %-14s %6s %6s", bound, "corpus", "UA4", "acc7"));
        for (double t : temperatures) {
            head.append(String.format(Locale.ROOT, "   T=%-4.2f        ", t));
        }
        log.println(head);
        try {
            for (String c : opt.corpora()) {
                if (seen.contains(c)) {
                    continue;
                }
                List<Sample> test = all.stream().filter(x -> x.corpus().equals(c)).toList();
                float[][] l = EmotionTrainer.logits(net, test, bins);
                ClassMetrics four = new ClassMetrics(new ArrayList<>(CorpusLabels.SHARED));
                for (int i = 0; i < test.size(); i++) {
                    if (CorpusLabels.SHARED.contains(test.get(i).label())) {
                        four.add(test.get(i).label(), Emotion.values()[argmax(Calibration.softmax(l[i], mask4, 1))]);
                    }
                }
                ObjectNode f = root.putObject(c);
                f.put("clips", test.size());
                f.put("ua_4class", round(four.ua()));
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-14s %6.3f", c, four.ua()));
                boolean first = true;
                for (double t : temperatures) {
                    double[][] e = eceBeforeAfter(l, test, mask7, t, null);
                    if (first) {
                        f.put("accuracy_7class", round(mean(e[2])));
                        row.append(String.format(Locale.ROOT, " %6.3f", mean(e[2])));
                        first = false;
                    }
                    double ece = Calibration.ece(e[1], toBool(e[2]), Calibration.ECE_BINS);
                    int other = 0;
                    for (double p : e[1]) {
                        other += p < bound ? 1 : 0;
                    }
                    ObjectNode tt = f.putObject(String.format(Locale.ROOT, "T=%.2f", t));
                    tt.put("ece15_7class", round(ece));
                    tt.put("mean_confidence", round(mean(e[1])));
                    tt.put("other_share", round(other / (double) test.size()));
                    row.append(String.format(Locale.ROOT, "   %.3f [%4.1f%%]    ", ece, 100.0 * other / test.size()));
                }
                log.println(row);
            }
        } finally {
            net.close();
        }
        Files.createDirectories(opt.out());
        json.writerWithDefaultPrettyPrinter().writeValue(opt.out().resolve("shipped-calibration.json").toFile(), root);
        return root;
    }

    /** Every {@value #VAL_EVERY}-th speaker (sorted ids, from the 4th) of corpora with >= {@value #VAL_MIN_SPEAKERS} speakers. */
    static Set<String> validationSpeakers(List<Sample> samples) {
        Map<String, TreeSet<String>> byCorpus = new LinkedHashMap<>();
        for (Sample s : samples) {
            byCorpus.computeIfAbsent(s.corpus(), c -> new TreeSet<>()).add(s.speaker());
        }
        Set<String> out = new TreeSet<>();
        for (TreeSet<String> speakers : byCorpus.values()) {
            if (speakers.size() < VAL_MIN_SPEAKERS) {
                continue;
            }
            int i = 0;
            for (String sp : speakers) {
                if (i++ % VAL_EVERY == 3) {
                    out.add(sp);
                }
            }
        }
        return out;
    }

    private FoldLogits foldLogits(EmotionTrainer trainer, String h, List<Sample> train, List<Sample> valid, List<Sample> test)
            throws IOException {
        List<FoldLogits> members = new ArrayList<>(opt.ensemble());
        for (int m = 0; m < opt.ensemble(); m++) {
            members.add(memberLogits(trainer, h, m, train, valid, test));
        }
        if (members.size() == 1) {
            return members.get(0);
        }
        for (int m = 0; m < members.size(); m++) {
            log.printf(Locale.ROOT, "    ensemble member %d alone: 4-class UA %.3f%n", m,
                    shared4(members.get(m).test(), test).ua());
        }
        return new FoldLogits(mean(members.stream().map(FoldLogits::validation).toList()),
                mean(members.stream().map(FoldLogits::test).toList()));
    }

    /** Member {@code m} of a fold's ensemble: trained (or resumed) in its own folder with its own seed. */
    private FoldLogits memberLogits(EmotionTrainer trainer, String h, int m, List<Sample> train, List<Sample> valid,
            List<Sample> test) throws IOException {
        Path dir = memberDir(h, m);
        // test-time adapted answers are kept beside the plain ones: the trained network is the same
        Path done = dir.resolve(opt.adaptNorms() == NormAdaptation.NONE ? "fold-logits.json"
                : "fold-logits-adapted-" + opt.adaptNorms().name().toLowerCase(Locale.ROOT)
                        + (opt.adaptClips() > 0 ? "-" + opt.adaptClips() : "") + ".json");
        if (Files.isRegularFile(done)) {
            FoldLogits l = json.readValue(done.toFile(), FoldLogits.class);
            if (l.validation().length == valid.size() && l.test().length == test.size()) {
                log.println("  already done, reading " + done);
                return l;
            }
        }
        log.println("  checkpoints in " + dir + " (a rerun with the same settings resumes there)");
        EmotionNet net = memberNet(trainer, train, h, m);
        try {
            FoldLogits l = new FoldLogits(EmotionTrainer.logits(net, valid, bins), opt.adaptNorms().logits(net, test, bins,
                    opt.adaptClips()));
            Files.createDirectories(dir);
            json.writeValue(done.toFile(), l);
            return l;
        } finally {
            net.close();
        }
    }

    /** Member {@code m}'s network: trained, or read back from its finished checkpoint (the caller closes it). */
    private EmotionNet memberNet(EmotionTrainer trainer, List<Sample> train, String h, int m) throws IOException {
        return trainer.train(train, bins, memberDir(h, m), memberSeed(h, m));
    }

    /** Member 0 is the single model of a run without an ensemble (same folder, same seed), so its work is reused. */
    private Path memberDir(String h, int m) {
        return m == 0 ? workDir(h) : workDir(h).resolve("member-" + m);
    }

    private long memberSeed(String h, int m) {
        return opt.config().seed() * 31 + h.hashCode() + 1_000_003L * m;
    }

    /** The element-wise mean of the members' logits: the ensemble's answer. */
    static float[][] mean(List<float[][]> members) {
        float[][] first = members.get(0);
        float[][] out = new float[first.length][];
        for (int i = 0; i < first.length; i++) {
            out[i] = new float[first[i].length];
            for (float[][] l : members) {
                for (int c = 0; c < out[i].length; c++) {
                    out[i][c] += l[i][c] / members.size();
                }
            }
        }
        return out;
    }

    /**
     * A speaker-normalised fold's held-out clips judged one by one, each clip's own per-bin mean removed instead of
     * its speaker's: what the runtime does for a short input with no more of that voice (cached beside the fold).
     */
    private float[][] aloneLogits(EmotionTrainer trainer, String h, List<Sample> train, List<Sample> test) throws IOException {
        List<Sample> alone = new ArrayList<>(test.size());
        for (Sample s : test) {
            float[] fb = s.fbank().clone();
            io.emotrace.emotion.embedded.FeatureNorm.removeBinMeans(fb, s.frames(), bins);
            alone.add(new Sample(s.utterance(), s.label(), fb, s.frames()));
        }
        return judged(trainer, h, train, alone, "single-clip-logits.json");
    }

    /**
     * The fold's trained network (each member's, averaged) on {@code clips}, each member's logits cached beside it in
     * {@code file} and read back on a rerun.
     */
    private float[][] judged(EmotionTrainer trainer, String h, List<Sample> train, List<Sample> clips, String file)
            throws IOException {
        List<float[][]> members = new ArrayList<>(opt.ensemble());
        for (int m = 0; m < opt.ensemble(); m++) {
            int member = m;
            members.add(cachedLogits(memberDir(h, m).resolve(file), clips,
                    () -> memberNet(trainer, train, h, member))); // resumes: trained
        }
        return members.size() == 1 ? members.get(0) : mean(members);
    }

    /** A network to judge with, trained (or read back from its checkpoint) when the cached logits do not do. */
    private interface NetSource {
        EmotionNet net() throws IOException;
    }

    /**
     * The logits of {@code clips} cached in {@code done} when it holds one per clip, else those of the network
     * {@code source} gives (closed after), written there.
     */
    private float[][] cachedLogits(Path done, List<Sample> clips, NetSource source) throws IOException {
        if (Files.isRegularFile(done)) {
            float[][] l = json.readValue(done.toFile(), float[][].class);
            if (l.length == clips.size()) {
                return l;
            }
        }
        EmotionNet net = source.net();
        try {
            float[][] l = EmotionTrainer.logits(net, clips, bins);
            json.writeValue(done.toFile(), l);
            return l;
        } finally {
            net.close();
        }
    }

    /**
     * One fold's clips heard through the telephone line: the held-out corpus's, the training speakers' (a calls
     * model's training clips), and the heads' statistics as recorded ({@code voice}) and of the line ({@code
     * lineVoice}); both null without heads.
     */
    private record Heard(List<Sample> held, List<Sample> train, VoiceHeadFolds voice, VoiceHeadFolds lineVoice) {
    }

    /**
     * The fold's model on its held-out corpus heard through a telephone line (300-3400 Hz, mu-law; {@code --telephone}):
     * the held-out clips as loaded from the channel's audio (features, pitch and speaker normalisation recomputed on
     * it), judged by the same trained network, alone and (with the heads) fused with the voice and prosody heads read
     * from the same audio, beside the same answers on the clips as recorded. With {@code --telephone-model} also a calls
     * model's answer: a CNN trained on the training speakers' line clips only, fused with heads fitted on their line
     * statistics. The CNNs' logits are cached beside the fold.
     */
    private ObjectNode telephone(EmotionTrainer trainer, String h, List<Sample> cnnTrain, List<Sample> train,
            List<Sample> test, Heard line, double widebandCnnUa, double widebandUa) throws IOException {
        List<Sample> tel = line.held();
        float[][] cnn = judged(trainer, h, cnnTrain, tel, "telephone-logits.json");
        ClassMetrics four = shared4(cnn, tel);
        ObjectNode out = json.createObjectNode();
        out.put("clips", tel.size());
        out.put("wideband_cnn_alone_shared_4_ua", round(widebandCnnUa));
        out.set("cnn_alone_shared_4", metrics(four));
        String fusedLine = "";
        if (line.voice() != null) {
            ClassMetrics fused = shared4(line.voice().fuseReading(train, line.lineVoice(), tel, cnn), tel);
            out.put("wideband_shared_4_ua", round(widebandUa));
            out.set("shared_4", metrics(fused));
            fusedLine = String.format(Locale.ROOT, "; fused with the heads %.3f (as recorded %.3f)", fused.ua(), widebandUa);
        }
        log.printf(Locale.ROOT, "    through a telephone line (300-3400 Hz, mu-law), CNN alone: 4-class UA %.3f "
                + "(as recorded %.3f)%s%n", four.ua(), widebandCnnUa, fusedLine);
        if (opt.telephoneModel()) {
            out.set("calls_model", callsModel(trainer, h, train, line, test));
        }
        return out;
    }

    /**
     * The calls model of fold {@code h} ({@code --telephone-model}): a CNN trained (own folder under the fold's) on the
     * training speakers' clips through the line only, judging the held-out line clips alone and fused with heads
     * fitted on the same line clips' statistics, and (to tell the two apart) with the heads fitted as recorded.
     */
    private ObjectNode callsModel(EmotionTrainer trainer, String h, List<Sample> train, Heard line, List<Sample> recorded)
            throws IOException {
        Path dir = workDir(h).resolve("calls-model");
        float[][] cnn = callsJudged(trainer, h, line, dir, line.held(), "telephone-logits.json");
        // a wideband voice taken for a call would get this: the calls model on the held-out clips as recorded
        float[][] asRecorded = callsJudged(trainer, h, line, dir, recorded, "recorded-logits.json");
        callsCnnLogits.put(h, cnn);
        callsLabels.put(h, line.held().stream().mapToInt(x -> x.label().ordinal()).toArray());
        ObjectNode out = json.createObjectNode();
        ClassMetrics alone = shared4(cnn, line.held());
        out.put("training_clips", line.train().size());
        out.set("cnn_alone_shared_4", metrics(alone));
        out.put("recorded_cnn_alone_shared_4_ua", round(shared4(asRecorded, recorded).ua()));
        String fusedLine = "";
        if (line.lineVoice() != null) {
            float[][] fusedLogits = line.lineVoice().fuse(line.train(), line.held(), cnn);
            ClassMetrics fused = shared4(fusedLogits, line.held());
            ClassMetrics recordedHeads = shared4(line.voice().fuseReading(train, line.lineVoice(), line.held(),
                    cnn), line.held());
            out.set("shared_4", metrics(fused));
            out.put("recorded_heads_shared_4_ua", round(recordedHeads.ua()));
            callsLogits.put(h, fusedLogits);
            fusedLine = String.format(Locale.ROOT, "; fused with heads fitted on the line %.3f (with heads fitted as "
                    + "recorded %.3f)", fused.ua(), recordedHeads.ua());
        }
        log.printf(Locale.ROOT, "    calls model (trained on the line only), through the line, CNN alone: 4-class UA "
                + "%.3f%s; the CNN on the clips as recorded %.3f%n", alone.ua(), fusedLine,
                out.path("recorded_cnn_alone_shared_4_ua").asDouble());
        return out;
    }

    /** The calls model of fold {@code h} (trained in {@code dir}, or read back) on {@code clips}, cached in {@code file}. */
    private float[][] callsJudged(EmotionTrainer trainer, String h, Heard line, Path dir, List<Sample> clips, String file)
            throws IOException {
        return cachedLogits(dir.resolve(file), clips, () -> {
            if (!Files.isRegularFile(dir.resolve("telephone-logits.json"))) {
                log.println("  calls model: checkpoints in " + dir);
            }
            return trainer.train(line.train(), bins, dir, memberSeed(h, 0)); // resumes: trained
        });
    }

    /**
     * Issue 15 item 6, per fold: how much a few minutes of labelled speech in the held-out language add. The held-out
     * corpus's speakers are split in two (sorted ids, alternately); an MLP head ({@code train head}'s trainer) is trained
     * on the fold model's utterance embeddings of {@code headMinutes} of the first half's clips of the 4 shared classes
     * (seeded draw), and both the head and the backbone's own 4-class answer are scored on the other half.
     */
    private ObjectNode newLanguageHead(EmotionTrainer trainer, String h, List<Sample> train, List<Sample> test)
            throws IOException {
        List<String> speakers = test.stream().map(Sample::speaker).distinct().sorted().toList();
        Set<String> adapt = new TreeSet<>();
        for (int i = 0; i < speakers.size(); i += 2) {
            adapt.add(speakers.get(i));
        }
        List<Sample> pool = new ArrayList<>();
        List<Sample> judged = new ArrayList<>();
        for (Sample s : test) {
            if (!CorpusLabels.SHARED.contains(s.label())) {
                continue;
            }
            (adapt.contains(s.speaker()) ? pool : judged).add(s);
        }
        java.util.Collections.shuffle(pool, new java.util.Random(opt.config().seed() * 31 + h.hashCode()));
        List<Sample> chosen = new ArrayList<>();
        double seconds = 0;
        for (Sample s : pool) {
            if (seconds >= opt.headMinutes() * 60) {
                break;
            }
            chosen.add(s);
            seconds += s.frames() / 100.0;
        }
        ObjectNode r = json.createObjectNode();
        r.put("adaptation_speakers", adapt.size());
        r.put("test_speakers", speakers.size() - adapt.size());
        r.put("adaptation_clips", chosen.size());
        r.put("adaptation_seconds", Math.round(seconds));
        if (judged.isEmpty() || chosen.stream().map(Sample::label).distinct().count() < 2) {
            r.put("skipped", "too few speakers or classes to split");
            return r;
        }
        EmotionNet net = memberNet(trainer, train, h, 0); // resumes: trained (member 0)
        try {
            float[][] xa = EmotionTrainer.embeddings(net, chosen, bins);
            Emotion[] ya = chosen.stream().map(Sample::label).toArray(Emotion[]::new);
            io.emotrace.emotion.head.MlpHead head = io.emotrace.emotion.head.HeadTrainer.train(xa, ya,
                    io.emotrace.emotion.head.HeadTrainer.Config.defaults(), Map.of("loco_fold", h)).head();
            float[][] xt = EmotionTrainer.embeddings(net, judged, bins);
            ClassMetrics headed = new ClassMetrics(new ArrayList<>(CorpusLabels.SHARED));
            for (int i = 0; i < judged.size(); i++) {
                float[] p = head.scores(xt[i]);
                int best = -1;
                for (Emotion e : CorpusLabels.SHARED) {
                    best = best < 0 || p[e.ordinal()] > p[best] ? e.ordinal() : best;
                }
                headed.add(judged.get(i).label(), Emotion.values()[best]);
            }
            ClassMetrics own = shared4(EmotionTrainer.logits(net, judged, bins), judged);
            r.set("backbone_shared_4", metrics(own));
            r.set("head_shared_4", metrics(headed));
            log.printf(Locale.ROOT, "    new-language head on %.1f min of %d speakers: 4-class UA %.3f -> %.3f on the other %d speakers%n",
                    seconds / 60, adapt.size(), own.ua(), headed.ua(), speakers.size() - adapt.size());
            return r;
        } finally {
            net.close();
        }
    }

    /** 4-class metrics of held-out logits (argmax over the shared classes, clips of other classes left out). */
    static ClassMetrics shared4(float[][] logits, List<Sample> test) {
        float[] mask4 = CorpusLabels.logitMask(CorpusLabels.SHARED);
        ClassMetrics four = new ClassMetrics(new ArrayList<>(CorpusLabels.SHARED));
        for (int i = 0; i < test.size(); i++) {
            Sample s = test.get(i);
            if (CorpusLabels.SHARED.contains(s.label())) {
                four.add(s.label(), Emotion.values()[argmax(Calibration.softmax(logits[i], mask4, 1))]);
            }
        }
        return four;
    }

    /**
     * Over the folds whose {@code node} has {@code has}: the means of two of its figures (JSON pointers {@code a},
     * {@code b}) and how many folds had them; null when none did.
     */
    private static double[] foldMeans(JsonNode folds, String node, String has, String a, String b) {
        double sa = 0;
        double sb = 0;
        int n = 0;
        for (var it = folds.elements(); it.hasNext();) {
            JsonNode x = it.next().path(node);
            if (x.has(has)) {
                sa += x.at(a).asDouble();
                sb += x.at(b).asDouble();
                n++;
            }
        }
        return n == 0 ? null : new double[] {sa / n, sb / n, n};
    }

    /** The pretrained encoder named by its bytes, so a retrained one never resumes another's folds. */
    private String encoderDigest() {
        try {
            return Digests.sha256Hex(opt.encoder()).substring(0, 16);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(new IOException("cannot read the encoder " + opt.encoder() + ": " + e.getMessage(), e));
        }
    }

    private Path workDir(String heldOut) {
        String key = opt.config().checkpointKey() + "|loco|" + opt.norm().key() + (opt.prosody() ? LabelledClips.PROSODY_KEY : "")
                + io.emotrace.corpus.LabelCorrections.KEY
                + opt.perCorpusPerEpoch() + "|" + opt.corpora() + "|" + heldOut + "|"
                + opt.limitPerSpeaker() + "|" + opt.dataRoot().toAbsolutePath().normalize()
                + (opt.encoder() == null ? "" : "|encoder " + encoderDigest())
                + (opt.telephoneAugment() ? "|telephone-augment" : "");
        String hash = Integer.toHexString(key.hashCode()) + Integer.toHexString(new StringBuilder(key).reverse().toString().hashCode());
        return opt.workRoot().resolve("loco-" + hash).resolve(heldOut);
    }

    private ObjectNode evaluateFold(String h, List<Sample> valid, FoldLogits l, List<Sample> test) throws IOException {
        ObjectNode f = json.createObjectNode();
        float[] mask7 = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
        float[] mask4 = CorpusLabels.logitMask(CorpusLabels.SHARED);
        Set<Emotion> own = CorpusLabels.classesOf(h);
        float[] maskOwn = CorpusLabels.logitMask(own);
        ClassMetrics four = new ClassMetrics(new ArrayList<>(CorpusLabels.SHARED));
        ClassMetrics mine = new ClassMetrics(new ArrayList<>(own));
        List<Emotion> shared = new ArrayList<>(CorpusLabels.SHARED);
        List<String> fourSpeakers = new ArrayList<>();
        int[] fourTruth = new int[test.size()];
        int[] fourPredicted = new int[test.size()];
        for (int i = 0; i < test.size(); i++) {
            Sample s = test.get(i);
            if (CorpusLabels.SHARED.contains(s.label())) {
                Emotion p = Emotion.values()[argmax(Calibration.softmax(l.test()[i], mask4, 1))];
                four.add(s.label(), p);
                fourTruth[fourSpeakers.size()] = shared.indexOf(s.label());
                fourPredicted[fourSpeakers.size()] = shared.indexOf(p);
                fourSpeakers.add(s.speaker());
            }
            mine.add(s.label(), Emotion.values()[argmax(Calibration.softmax(l.test()[i], maskOwn, 1))]);
        }
        f.put("clips", test.size());
        f.put("speakers", test.stream().map(Sample::speaker).distinct().count());
        f.set("shared_4", metrics(four));
        if (!fourSpeakers.isEmpty()) {
            double[] reps = LocoBootstrap.replicates(fourSpeakers, java.util.Arrays.copyOf(fourTruth, fourSpeakers.size()),
                    java.util.Arrays.copyOf(fourPredicted, fourSpeakers.size()), shared.size(),
                    io.emotrace.scoring.BootstrapInterval.REPLICATES, LocoBootstrap.seedOf(h));
            uaReplicates.put(h, reps);
            io.emotrace.scoring.BootstrapInterval ci = io.emotrace.scoring.BootstrapInterval.of(four.ua(), reps);
            ((ObjectNode) f.get("shared_4")).set("ua_ci95_speaker_bootstrap", bounds(ci));
        }
        f.set("own_classes", metrics(mine));
        // temperature on validation (training corpora only), 7-class runtime softmax and the 4-class one
        int[] vLabels = valid.stream().mapToInt(s -> s.label().ordinal()).toArray();
        double t7 = Calibration.fitTemperature(l.validation(), vLabels, mask7);
        List<Integer> v4 = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            if (CorpusLabels.SHARED.contains(valid.get(i).label())) {
                v4.add(i);
            }
        }
        double t4 = Calibration.fitTemperature(v4.stream().map(i -> l.validation()[i]).toArray(float[][]::new),
                v4.stream().mapToInt(i -> vLabels[i]).toArray(), mask4);
        f.put("temperature", round(t7));
        f.put("temperature_4class", round(t4));
        f.put("validation_clips", valid.size());
        f.put("validation_nll_before", round(Calibration.nll(l.validation(), vLabels, mask7, 1)));
        f.put("validation_nll_after", round(Calibration.nll(l.validation(), vLabels, mask7, t7)));
        double[][] ece7 = eceBeforeAfter(l.test(), test, mask7, t7, null);
        double[][] ece4 = eceBeforeAfter(l.test(), test, mask4, t4, CorpusLabels.SHARED);
        Calibration.Reliability rb = Calibration.reliability(ece7[0], toBool(ece7[2]), Calibration.ECE_BINS);
        Calibration.Reliability ra = Calibration.reliability(ece7[1], toBool(ece7[2]), Calibration.ECE_BINS);
        f.put("ece15_7class_before", round(rb.ece()));
        f.put("ece15_7class_after", round(ra.ece()));
        f.put("ece15_4class_before", round(Calibration.ece(ece4[0], toBool(ece4[2]), Calibration.ECE_BINS)));
        f.put("ece15_4class_after", round(Calibration.ece(ece4[1], toBool(ece4[2]), Calibration.ECE_BINS)));
        f.put("accuracy_7class", round(mean(ece7[2])));
        f.put("mean_confidence_7class_before", round(mean(ece7[0])));
        f.put("mean_confidence_7class_after", round(mean(ece7[1])));
        Path svg = opt.out().resolve("reliability-" + h + ".svg");
        Files.writeString(svg, Calibration.reliabilitySvg("held out " + h + ": 7-class top probability (T=" + String.format(Locale.ROOT,
                "%.2f", t7) + " from validation)", rb, ra, "raw", "temperature-scaled"), StandardCharsets.UTF_8);
        // other bound on the calibrated validation answers, then what it does on the held-out corpus
        double[] vTop = new double[valid.size()];
        boolean[] vRight = new boolean[valid.size()];
        for (int i = 0; i < valid.size(); i++) {
            double[] q = Calibration.softmax(l.validation()[i], mask7, t7);
            int b = argmax(q);
            vTop[i] = q[b];
            vRight[i] = b == vLabels[i];
        }
        OtherCalibration.Result cal = OtherCalibration.choose(vTop, vRight);
        int below = 0;
        int rightBelow = 0;
        int rightAbove = 0;
        for (int i = 0; i < test.size(); i++) {
            boolean r = ece7[2][i] > 0;
            if (ece7[1][i] < cal.bound()) {
                below++;
                rightBelow += r ? 1 : 0;
            } else {
                rightAbove += r ? 1 : 0;
            }
        }
        ObjectNode o = f.putObject("other_calibrated");
        o.put("other_below", round(cal.bound()));
        o.put("validation_share_below", round(cal.shareBelow()));
        o.put("held_out_share_other", round(below / (double) test.size()));
        o.put("held_out_accuracy_of_other_answers", below == 0 ? 0 : round(rightBelow / (double) below));
        o.put("held_out_accuracy_of_kept_answers", test.size() == below ? 0 : round(rightAbove / (double) (test.size() - below)));
        log.printf(Locale.ROOT, "  %-14s 4 classes: UA %.3f  WA %.3f  macro-F1 %.3f (%d clips) | own %d classes: UA %.3f  WA %.3f  macro-F1 %.3f%n",
                h, four.ua(), four.wa(), four.macroF1(), four.total(), own.size(), mine.ua(), mine.wa(), mine.macroF1());
        printConfusion("4-class", four);
        if (own.size() != 4 || !own.equals(CorpusLabels.SHARED)) {
            printConfusion("own-class", mine);
        }
        log.printf(Locale.ROOT, "    ECE(15) 7-class %.3f -> %.3f (T %.2f from %d validation clips; 7-class accuracy %.3f, mean confidence %.3f -> %.3f)"
                + " | 4-class %.3f -> %.3f (T %.2f)%n", rb.ece(), ra.ece(), t7, valid.size(), mean(ece7[2]), mean(ece7[0]), mean(ece7[1]),
                f.path("ece15_4class_before").asDouble(), f.path("ece15_4class_after").asDouble(), t4);
        log.printf(Locale.ROOT, "    other below %.2f (calibrated, from validation): %.1f%% of held-out answers, right %.1f%% of the time "
                + "vs %.1f%% for the rest; plot %s%n", cal.bound(), 100.0 * below / test.size(),
                below == 0 ? 0 : 100.0 * rightBelow / below, test.size() == below ? 0 : 100.0 * rightAbove / (test.size() - below), svg.getFileName());
        return f;
    }

    /**
     * Cross-corpus temperature: for held-out corpus h, T is fitted on the held-out predictions of the OTHER folds
     * (each on a corpus its model never saw; never on h's clips or labels, though those models trained on h) and the
     * {@code other} bound is chosen on those scaled answers; then both are applied to h. Needs >= 2 folds. Also the
     * temperature and bound pooled over all folds: what a model trained on all corpora would carry.
     */
    private void crossCorpusCalibration(ObjectNode root, ObjectNode folds, Map<String, float[][]> logits, Map<String, int[]> labels) {
        if (logits.size() < 2) {
            return;
        }
        float[] mask7 = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
        log.println("cross-corpus calibration (T and other bound fitted on the other folds' held-out corpora):");
        for (String h : logits.keySet()) {
            Pooled others = Pooled.of(logits, labels, h);
            float[][] fl = others.logits();
            int[] fy = others.labels();
            double t = Calibration.fitTemperature(fl, fy, mask7);
            double bound = otherBound(fl, fy, mask7, t);
            float[][] hl = logits.get(h);
            int[] hy = labels.get(h);
            double[] c0 = new double[hl.length];
            double[] c1 = new double[hl.length];
            boolean[] r = new boolean[hl.length];
            int below = 0;
            int rightBelow = 0;
            for (int i = 0; i < hl.length; i++) {
                double[] p = Calibration.softmax(hl[i], mask7, 1);
                double[] q = Calibration.softmax(hl[i], mask7, t);
                int b = argmax(p);
                c0[i] = p[b];
                c1[i] = q[b];
                r[i] = b == hy[i];
                if (q[b] < bound) {
                    below++;
                    rightBelow += r[i] ? 1 : 0;
                }
            }
            int kept = hl.length - below;
            int rightKept = 0;
            for (int i = 0; i < hl.length; i++) {
                rightKept += r[i] && c1[i] >= bound ? 1 : 0;
            }
            double ece = Calibration.ece(c1, r, Calibration.ECE_BINS);
            ObjectNode f = ((ObjectNode) folds.get(h)).putObject("cross_corpus_calibration");
            f.put("temperature", round(t));
            f.put("ece15_7class", round(ece));
            double[] eceReps = LocoBootstrap.ece(heldSpeakers.get(h), c1, r, Calibration.ECE_BINS,
                    io.emotrace.scoring.BootstrapInterval.REPLICATES, LocoBootstrap.seedOf(h));
            eceReplicates.put(h, eceReps);
            io.emotrace.scoring.BootstrapInterval eceCi = io.emotrace.scoring.BootstrapInterval.of(ece, eceReps);
            f.set("ece15_7class_ci95_speaker_bootstrap", bounds(eceCi));
            f.put("other_below", round(bound));
            f.put("held_out_share_other", round(below / (double) hl.length));
            f.put("held_out_accuracy_of_other_answers", below == 0 ? 0 : round(rightBelow / (double) below));
            f.put("held_out_accuracy_of_kept_answers", kept == 0 ? 0 : round(rightKept / (double) kept));
            Calibration.Reliability ra = Calibration.reliability(c1, r, Calibration.ECE_BINS);
            try {
                Files.writeString(opt.out().resolve("reliability-" + h + "-cross-corpus.svg"), Calibration.reliabilitySvg("held out "
                        + h + ": T=" + String.format(Locale.ROOT, "%.2f", t) + " fitted on the other folds' held-out corpora",
                        Calibration.reliability(c0, r, Calibration.ECE_BINS), ra, "raw", "cross-corpus T"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            log.printf(Locale.ROOT, "  %-14s T %.2f  ECE15 %.3f -> %.3f | other below %.2f: %.1f%% of answers, right %.1f%% vs %.1f%% kept%n",
                    h, t, Calibration.ece(c0, r, Calibration.ECE_BINS), ece, bound, 100.0 * below / hl.length,
                    below == 0 ? 0 : 100.0 * rightBelow / below, kept == 0 ? 0 : 100.0 * rightKept / kept);
        }
        Pooled all = Pooled.of(logits, labels, null);
        float[][] al = all.logits();
        int[] ay = all.labels();
        double t = Calibration.fitTemperature(al, ay, mask7);
        ObjectNode pooled = root.putObject("cross_corpus_pooled");
        pooled.put("temperature", round(t));
        pooled.put("other_below", round(otherBound(al, ay, mask7, t)));
        log.printf(Locale.ROOT, "  all folds pooled: T %.2f, other below %.2f (for a model trained on all corpora)%n", t,
                pooled.path("other_below").asDouble());
    }

    /**
     * The calls models' confidence ({@code --telephone-model}, with heads): per held-out corpus the ECE(15) of its line
     * answers under a temperature fitted on the other folds' line answers, and over all folds pooled the temperature and
     * {@code other} bound a calls model trained on every corpus takes (as {@link #crossCorpusCalibration} does for the
     * answers as recorded).
     */
    private void callsCalibration(ObjectNode root, String key, String what, Map<String, float[][]> callsLogits) {
        if (callsLogits.size() < 2) {
            return;
        }
        float[] mask7 = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
        ObjectNode out = root.putObject(key);
        double sum = 0;
        for (String h : callsLogits.keySet()) {
            Pooled others = Pooled.of(callsLogits, callsLabels, h);
            double t = Calibration.fitTemperature(others.logits(), others.labels(), mask7);
            Tops tops = Tops.of(callsLogits.get(h), callsLabels.get(h), mask7, t);
            double ece = Calibration.ece(tops.top(), tops.right(), Calibration.ECE_BINS);
            out.put(h + "_ece15_7class", round(ece));
            sum += ece;
        }
        Pooled all = Pooled.of(callsLogits, callsLabels, null);
        float[][] al = all.logits();
        int[] ay = all.labels();
        double t = Calibration.fitTemperature(al, ay, mask7);
        out.put("mean_ece15_7class", round(sum / callsLogits.size()));
        out.put("pooled_temperature", round(t));
        out.put("pooled_other_below", round(otherBound(al, ay, mask7, t)));
        log.printf(Locale.ROOT, "%s through the line: mean ECE15 %.3f (T fitted on the other folds' line answers); "
                + "all folds pooled: T %.2f, other below %.2f (for a calls model trained on all corpora)%n", what,
                sum / callsLogits.size(), t, out.path("pooled_other_below").asDouble());
    }

    /** Held-out answers and their labels of every fold but {@code except} (null: of every fold), in fold order. */
    private record Pooled(float[][] logits, int[] labels) {
        static Pooled of(Map<String, float[][]> logits, Map<String, int[]> labels, String except) {
            List<float[]> l = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (String g : logits.keySet()) {
                if (!g.equals(except)) {
                    l.addAll(List.of(logits.get(g)));
                    for (int v : labels.get(g)) {
                        y.add(v);
                    }
                }
            }
            return new Pooled(l.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** Each answer's top probability at temperature {@code t} over {@code mask}'s classes, and whether it is right. */
    private record Tops(double[] top, boolean[] right) {
        static Tops of(float[][] l, int[] y, float[] mask, double t) {
            double[] top = new double[l.length];
            boolean[] right = new boolean[l.length];
            for (int i = 0; i < l.length; i++) {
                double[] q = Calibration.softmax(l[i], mask, t);
                int b = argmax(q);
                top[i] = q[b];
                right[i] = b == y[i];
            }
            return new Tops(top, right);
        }
    }

    private static double otherBound(float[][] l, int[] y, float[] mask, double t) {
        Tops tops = Tops.of(l, y, mask, t);
        return OtherCalibration.choose(tops.top(), tops.right()).bound();
    }

    /** [0] raw top probability, [1] temperature-scaled, [2] 1 if the top class is right; over clips in {@code only}. */
    private static double[][] eceBeforeAfter(float[][] logits, List<Sample> test, float[] mask, double t, Set<Emotion> only) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            if (only != null && !only.contains(test.get(i).label())) {
                continue;
            }
            double[] p = Calibration.softmax(logits[i], mask, 1);
            double[] q = Calibration.softmax(logits[i], mask, t);
            int b = argmax(p);
            rows.add(new double[] {p[b], q[b], b == test.get(i).label().ordinal() ? 1 : 0});
        }
        double[][] out = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 3; k++) {
                out[k][i] = rows.get(i)[k];
            }
        }
        return out;
    }

    private void printConfusion(String name, ClassMetrics m) {
        StringBuilder b = new StringBuilder("    " + name + " confusion (rows truth, cols predicted):");
        for (Emotion e : m.classes()) {
            b.append(String.format(Locale.ROOT, " %9s", e.english()));
        }
        log.println(b);
        int[][] c = m.confusion();
        for (int i = 0; i < c.length; i++) {
            StringBuilder r = new StringBuilder(String.format(Locale.ROOT, "      %-9s", m.classes().get(i).english()));
            r.append(" ".repeat(35));
            for (int v : c[i]) {
                r.append(String.format(Locale.ROOT, " %9d", v));
            }
            log.println(r);
        }
    }

    private ObjectNode metrics(ClassMetrics m) {
        ObjectNode c = json.createObjectNode();
        c.put("clips", m.total());
        c.put("ua", round(m.ua()));
        c.put("wa", round(m.wa()));
        c.put("macro_f1", round(m.macroF1()));
        ArrayNode labels = c.putArray("classes");
        m.classes().forEach(x -> labels.add(x.english()));
        c.set("confusion_rows_truth_cols_predicted", json.valueToTree(m.confusion()));
        return c;
    }

    /**
     * The intervals of the mean 4-class UA and the mean cross-corpus ECE: replicate r of a mean is the mean of each
     * fold's replicate r, every corpus's speakers drawn on their own; and each fold's interval, so a corpus's gap to a
     * target can be read against its few voices.
     */
    private void meanInterval(ObjectNode mean) {
        meanInterval(mean, uaReplicates, "shared_4_ua", "4-class UA", 100, "%.1f");
        meanInterval(mean, eceReplicates, "cross_corpus_calibration_ece15_7class", "ECE(15) with the cross-corpus T", 1,
                "%.3f");
    }

    private void meanInterval(ObjectNode mean, Map<String, double[]> replicates, String key, String what, double scale,
            String number) {
        if (replicates.isEmpty()) {
            return;
        }
        int n = io.emotrace.scoring.BootstrapInterval.REPLICATES;
        double[] reps = new double[n];
        StringBuilder folds = new StringBuilder();
        String range = number + "-" + number;
        for (var e : replicates.entrySet()) {
            for (int r = 0; r < n; r++) {
                reps[r] += e.getValue()[r] / replicates.size();
            }
            io.emotrace.scoring.BootstrapInterval ci = io.emotrace.scoring.BootstrapInterval.of(Double.NaN, e.getValue());
            folds.append(folds.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, range, scale * ci.low(), scale * ci.high()));
        }
        io.emotrace.scoring.BootstrapInterval ci = io.emotrace.scoring.BootstrapInterval.of(mean.path(key).asDouble(), reps);
        mean.set(key + "_ci95_speaker_bootstrap", bounds(ci));
        log.printf(Locale.ROOT, "  %s, 95 %% intervals over each held-out corpus's speakers (%d bootstrap resamples): "
                + "mean " + range + "; %s%n", what, n, scale * ci.low(), scale * ci.high(), folds);
    }

    /** An interval's bounds as loco.json writes them: [low, high], rounded. */
    private com.fasterxml.jackson.databind.node.ArrayNode bounds(io.emotrace.scoring.BootstrapInterval ci) {
        return json.createArrayNode().add(round(ci.low())).add(round(ci.high()));
    }

    private void summarise(ObjectNode root, ObjectNode folds) {
        String[][] keys = {{"shared_4", "ua"}, {"shared_4", "wa"}, {"shared_4", "macro_f1"}, {"own_classes", "ua"},
            {"own_classes", "wa"}, {"own_classes", "macro_f1"}, {"ece15_7class_before"}, {"ece15_7class_after"},
            {"ece15_4class_before"}, {"ece15_4class_after"}, {"cross_corpus_calibration", "ece15_7class"}};
        if (opt.norm() == io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS) {
            keys = java.util.Arrays.copyOf(keys, keys.length + 1);
            keys[keys.length - 1] = new String[] {"shared_4_single_clip", "ua"};
        }
        ObjectNode mean = root.putObject("mean_over_folds");
        log.println("LOCO summary (held-out corpus: 4-class UA/WA/F1 | own-class UA/WA/F1 | ECE15 7-class raw -> validation T "
                + "-> cross-corpus T)");
        for (var it = folds.fields(); it.hasNext();) {
            var e = it.next();
            log.printf(Locale.ROOT, "  %-14s %5.1f %5.1f %5.1f | %5.1f %5.1f %5.1f | %.3f -> %.3f -> %.3f%n", e.getKey(),
                    100 * e.getValue().at("/shared_4/ua").asDouble(), 100 * e.getValue().at("/shared_4/wa").asDouble(),
                    100 * e.getValue().at("/shared_4/macro_f1").asDouble(), 100 * e.getValue().at("/own_classes/ua").asDouble(),
                    100 * e.getValue().at("/own_classes/wa").asDouble(), 100 * e.getValue().at("/own_classes/macro_f1").asDouble(),
                    e.getValue().path("ece15_7class_before").asDouble(), e.getValue().path("ece15_7class_after").asDouble(),
                    e.getValue().at("/cross_corpus_calibration/ece15_7class").asDouble());
        }
        double min4 = Double.MAX_VALUE;
        for (String[] k : keys) {
            double s = 0;
            int n = 0;
            for (var it = folds.elements(); it.hasNext();) {
                var f = it.next();
                double v = k.length == 2 ? f.path(k[0]).path(k[1]).asDouble() : f.path(k[0]).asDouble();
                s += v;
                n++;
                if (k.length == 2 && k[0].equals("shared_4") && k[1].equals("ua")) {
                    min4 = Math.min(min4, v);
                }
            }
            mean.put(String.join("_", k), n == 0 ? 0 : round(s / n));
        }
        mean.put("shared_4_ua_min", folds.size() == 0 ? 0 : round(min4));
        log.printf(Locale.ROOT, "  %-14s %5.1f %5.1f %5.1f | %5.1f %5.1f %5.1f | %.3f -> %.3f -> %.3f   (%d folds; lowest 4-class UA %.1f)%n", "MEAN",
                100 * mean.path("shared_4_ua").asDouble(), 100 * mean.path("shared_4_wa").asDouble(),
                100 * mean.path("shared_4_macro_f1").asDouble(), 100 * mean.path("own_classes_ua").asDouble(),
                100 * mean.path("own_classes_wa").asDouble(), 100 * mean.path("own_classes_macro_f1").asDouble(),
                mean.path("ece15_7class_before").asDouble(), mean.path("ece15_7class_after").asDouble(),
                mean.path("cross_corpus_calibration_ece15_7class").asDouble(), folds.size(), 100 * min4);
        meanInterval(mean);
        if (opt.norm() == io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS) {
            log.printf(Locale.ROOT, "  single clips without their speaker's other speech: mean 4-class UA %.1f%n",
                    100 * mean.path("shared_4_single_clip_ua").asDouble());
        }
        double[] tel = opt.telephone() ? foldMeans(folds, "telephone", "cnn_alone_shared_4",
                "/wideband_cnn_alone_shared_4_ua", "/cnn_alone_shared_4/ua") : null;
        if (tel != null) {
            mean.put("telephone_wideband_cnn_alone_ua", round(tel[0]));
            mean.put("telephone_cnn_alone_ua", round(tel[1]));
            log.printf(Locale.ROOT, "  CNN alone, held-out corpora as recorded -> through a telephone line (%.0f folds): "
                    + "mean 4-class UA %.1f -> %.1f%n", tel[2], 100 * tel[0], 100 * tel[1]);
        }
        double[] telFused = opt.telephone() ? foldMeans(folds, "telephone", "shared_4", "/wideband_shared_4_ua",
                "/shared_4/ua") : null;
        if (telFused != null) {
            mean.put("telephone_wideband_ua", round(telFused[0]));
            mean.put("telephone_ua", round(telFused[1]));
            log.printf(Locale.ROOT, "  the shipped answer (fused), held-out corpora as recorded -> through a telephone line "
                    + "(%.0f folds): mean 4-class UA %.1f -> %.1f%n", telFused[2], 100 * telFused[0], 100 * telFused[1]);
        }
        double[] calls = opt.telephoneModel() ? foldMeans(folds, "telephone", "calls_model", "/cnn_alone_shared_4/ua",
                "/calls_model/cnn_alone_shared_4/ua") : null;
        if (calls != null) {
            mean.put("calls_model_cnn_alone_ua", round(calls[1]));
            log.printf(Locale.ROOT, "  CNN alone through a telephone line, the fold's model -> a calls model trained on the "
                    + "line (%.0f folds): mean 4-class UA %.1f -> %.1f%n", calls[2], 100 * calls[0], 100 * calls[1]);
        }
        double[] callsRecorded = opt.telephoneModel() ? foldMeans(folds, "telephone", "calls_model",
                "/wideband_cnn_alone_shared_4_ua", "/calls_model/recorded_cnn_alone_shared_4_ua") : null;
        if (callsRecorded != null) {
            mean.put("calls_model_recorded_cnn_alone_ua", round(callsRecorded[1]));
            log.printf(Locale.ROOT, "  CNN alone on the clips as recorded, the fold's model -> the calls model (%.0f folds): "
                    + "mean 4-class UA %.1f -> %.1f%n", callsRecorded[2], 100 * callsRecorded[0], 100 * callsRecorded[1]);
        }
        double[] callsFused = opt.telephoneModel() && telFused != null ? foldMeans(folds, "telephone", "calls_model",
                "/shared_4/ua", "/calls_model/shared_4/ua") : null;
        if (callsFused != null) {
            mean.put("calls_model_ua", round(callsFused[1]));
            log.printf(Locale.ROOT, "  fused answer through a telephone line, the fold's model -> a calls model with heads "
                    + "fitted on the line (%.0f folds): mean 4-class UA %.1f -> %.1f%n", callsFused[2], 100 * callsFused[0],
                    100 * callsFused[1]);
        }
        double[] head = opt.headMinutes() > 0 ? foldMeans(folds, "new_language_head", "head_shared_4",
                "/backbone_shared_4/ua", "/head_shared_4/ua") : null;
        if (head != null) {
            mean.put("new_language_head_backbone_ua", round(head[0]));
            mean.put("new_language_head_ua", round(head[1]));
            log.printf(Locale.ROOT, "  new-language head, %.1f min of labelled speech per held-out corpus (%.0f folds): mean "
                    + "4-class UA %.1f -> %.1f on speakers it never heard%n", opt.headMinutes(), head[2], 100 * head[0],
                    100 * head[1]);
        }
    }



    static int argmax(double[] p) {
        int b = 0;
        for (int c = 1; c < p.length; c++) {
            b = p[c] > p[b] ? c : b;
        }
        return b;
    }

    private static boolean[] toBool(double[] v) {
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i] > 0;
        }
        return b;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private List<Sample> load() throws IOException, EmotraceException {
        return LabelledClips.load(new LabelledClips.Request(opt.dataRoot(), opt.corpora(), opt.cacheDir(), 1,
                opt.limitPerSpeaker(), opt.norm(), true, opt.prosody()), source -> { });
    }
}
