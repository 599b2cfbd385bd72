package io.emotrace.emotion.train;

import io.emotrace.runtime.HostInfo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emotrace.EmotraceException;
import io.emotrace.domain.Emotion;
import io.emotrace.emotion.embedded.CorpusLabels;
import io.emotrace.emotion.embedded.EmbeddedWeights;
import io.emotrace.emotion.embedded.EmotionNet;
import io.emotrace.emotion.embedded.ModelCard;
import io.emotrace.output.ResultJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One full `train emotion` run: labelled utterances of RAVDESS/CASIA/URDU with cached fbank, speaker k-fold
 * evaluation (held-out logits saved per fold so a rerun skips finished folds), pooled per-corpus metrics,
 * the calibrated {@code other} bound, then the final model on all speakers, with metrics.json,
 * data-manifest.json and TRAINING.md beside the weights.
 */
public final class EmotionTrainingRun {
    /** What the command asked for. {@code limitPerSpeaker} > 0 keeps a spread subset (smoke runs). */
    public record Options(Path dataRoot, Path out, int folds, Set<String> excluded, TrainConfig config, Path cacheDir,
            int limitPerSpeaker, String commandLine, Set<Integer> onlyFolds, io.emotrace.emotion.embedded.FeatureNorm norm,
            List<String> corpora, int perCorpusPerEpoch, double temperature, double otherBelow, boolean prosody,
            boolean voiceHead, double fusedTemperature, double fusedOtherBelow, boolean telephone) {

        /** A quick experiment: only the listed held-out folds, metrics on them only, no final model. */
        boolean quick() {
            return !onlyFolds.isEmpty();
        }
    }

    /** Values per frame the network reads: the fbank, or rows with the pitch track ({@code --prosody}). */
    private final int bins;
    private final Options opt;
    private final PrintStream log;
    private final ObjectMapper json = ResultJson.mapper();

    public EmotionTrainingRun(Options opt, PrintStream log) {
        this.opt = opt;
        this.log = log;
        this.bins = LabelledClips.width(opt.prosody());
    }

    public void run() throws IOException, EmotraceException {
        long t0 = System.nanoTime();
        List<String> corpora = new ArrayList<>(opt.corpora());
        corpora.removeAll(opt.excluded());
        if (corpora.isEmpty()) {
            throw new EmotraceException("train.no-data", "every corpus is excluded");
        }
        List<Sample> samples = load(corpora);
        log.printf("train emotion: %d labelled utterances from %s (features cached in %s, %.0f s)%n", samples.size(),
                corpora, opt.cacheDir(), (System.nanoTime() - t0) / 1e9);
        Map<String, Integer> foldOf = opt.folds() > 1 ? SpeakerFolds.assign(samples, opt.folds()) : Map.of();
        Path work = workDir(corpora);
        log.println("checkpoints in " + work + " (a rerun with the same settings resumes there)");
        EmotionTrainer trainer = new EmotionTrainer(opt.config(), log, opt.perCorpusPerEpoch());
        // the heads read statistics less the speaker's mean: only with speaker-normalised features, as at run time
        boolean withHeads = opt.voiceHead() && opt.norm() == io.emotrace.emotion.embedded.FeatureNorm.SPEAKER_BINS;
        VoiceHeadFolds voice = withHeads ? VoiceHeadFolds.compute(samples, bins, log, false, false,
                opt.telephone() ? io.emotrace.audio.TelephoneChannel::apply : java.util.function.UnaryOperator.identity())
                : null;
        float[][] heldOut = new float[samples.size()][];
        float[][] cnnHeldOut = new float[samples.size()][];
        for (int k = 0; k < (opt.folds() > 1 ? opt.folds() : 0); k++) {
            if (opt.quick() && !opt.onlyFolds().contains(k)) {
                continue;
            }
            List<Sample> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (foldOf.get(samples.get(i).speaker()) == k) {
                    test.add(i);
                } else {
                    train.add(samples.get(i));
                }
            }
            float[][] cnn = foldLogits(trainer, k, train, test, samples, work);
            float[][] logits = voice == null ? cnn : voice.fuse(train, test.stream().map(samples::get).toList(), cnn);
            for (int j = 0; j < test.size(); j++) {
                heldOut[test.get(j)] = logits[j];
                cnnHeldOut[test.get(j)] = cnn[j];
            }
        }
        ObjectNode metrics = json.createObjectNode();
        double otherBelow = OtherCalibration.FLOOR;
        if (opt.quick()) {
            List<Sample> evalSamples = new ArrayList<>();
            List<float[]> evalLogits = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (heldOut[i] != null) {
                    evalSamples.add(samples.get(i));
                    evalLogits.add(heldOut[i]);
                }
            }
            evaluate(evalSamples, foldOf, evalLogits.toArray(new float[0][]), metrics,
                    opt.temperature() > 0 ? opt.temperature() : 1.0);
            metrics.put("evaluation", "QUICK EXPERIMENT: folds " + opt.onlyFolds() + " of " + opt.folds() + " only, no final model");
            metrics.set("config", json.valueToTree(opt.config()));
            metrics.put("feature_norm", opt.norm().name());
            metrics.put("total_seconds", Math.round((System.nanoTime() - t0) / 1e9));
            json.writerWithDefaultPrettyPrinter().writeValue(opt.out().resolve("metrics.json").toFile(), metrics);
            log.printf("train emotion: quick folds %s done in %.1f min -> %s%n", opt.onlyFolds(), (System.nanoTime() - t0) / 60e9, opt.out());
            return;
        }
        double cardScale = opt.temperature() > 0 ? opt.temperature() : 1.0;
        double fusedBound = OtherCalibration.FLOOR;
        if (opt.folds() > 1) {
            // within-corpus figures are of the answer users get (fused when there are heads); each bound is chosen
            // on the answer it applies to, under that answer's temperature
            fusedBound = evaluate(samples, foldOf, heldOut, metrics, voice != null ? opt.fusedTemperature() : cardScale);
            otherBelow = voice == null ? fusedBound : otherBound(cnnHeldOut, samples, cardScale);
        } else {
            metrics.put("evaluation", "none (--folds " + opt.folds() + "): final model only; other bound is the uncalibrated floor");
        }
        log.println("final model on all " + samples.size() + " utterances");
        long tf = System.nanoTime();
        EmotionNet net = trainer.train(samples, bins, work.resolve("final"), opt.config().seed() * 31 + 1000);
        try {
            String origin = "trained by emotrace on " + String.join("+", corpora)
                    + (opt.telephone() ? " heard through a telephone line (300-3400 Hz, mu-law)" : "") + ", seed "
                    + opt.config().seed();
            String prosodyHead = null;
            if (voice != null) {
                fusedBound = Double.isNaN(opt.fusedOtherBelow()) ? fusedBound : opt.fusedOtherBelow();
                List<io.emotrace.emotion.embedded.VoiceHead> heads = voice.fit(samples, "fitted on every clip of "
                        + String.join("+", corpora) + " (" + voice.describe() + ")");
                // the voice head's file holds the calibration of the answer fused with every head
                new io.emotrace.emotion.embedded.VoiceHead(heads.get(0).weights().calibrated(opt.fusedTemperature(),
                        fusedBound)).write(opt.out().resolve(io.emotrace.emotion.embedded.VoiceHead.FILE));
                if (heads.size() > 1) {
                    prosodyHead = io.emotrace.emotion.embedded.VoiceHead.PROSODY_FILE;
                    heads.get(1).write(opt.out().resolve(prosodyHead));
                }
                metrics.put("fused_calibration", "temperature " + opt.fusedTemperature() + ", other below " + fusedBound);
            }
            ModelCard card = new ModelCard(ModelCard.versionFor(opt.prosody(), LabelledClips.TRACKER, voice != null), bins,
                    net.channels(), net.embDim(),
                    opt.prosody() ? ModelCard.FEATURES_WITH_PITCH : ModelCard.FEATURES,
                    50.0, Double.isNaN(opt.otherBelow()) ? otherBelow : opt.otherBelow(), origin, net.blocks(),
                    opt.temperature(), opt.norm().name(), opt.prosody(), opt.prosody() ? LabelledClips.TRACKER : 0,
                    voice != null ? io.emotrace.emotion.embedded.VoiceHead.FILE : null, prosodyHead);
            EmbeddedWeights.save(net, card, opt.out());
            metrics.put("parameters", EmotionTrainer.parameterCount(net));
        } finally {
            net.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        metrics.put("final_training_seconds", Math.round((System.nanoTime() - tf) / 1e9));
        metrics.put("total_seconds", Math.round(seconds));
        metrics.set("config", json.valueToTree(opt.config()));
        metrics.put("corpora", String.join(",", corpora));
        metrics.put("per_corpus_per_epoch", opt.perCorpusPerEpoch());
        metrics.put("feature_norm", opt.norm().name());
        metrics.put("prosody", opt.prosody());
        metrics.put("telephone", opt.telephone());
        metrics.put("pitch_tracker", opt.prosody() ? LabelledClips.TRACKER : 0);
        if (voice != null) {
            metrics.put("voice_head", voice.describe() + "; within-corpus figures are of the fused answer");
        }
        if (opt.temperature() > 0 || !Double.isNaN(opt.otherBelow())) {
            metrics.put("card_calibration", "temperature " + opt.temperature() + ", other below "
                    + (Double.isNaN(opt.otherBelow()) ? otherBelow : opt.otherBelow())
                    + " given on the command line (from bench emotion --loco, all folds pooled)");
        }
        json.writerWithDefaultPrettyPrinter().writeValue(opt.out().resolve("metrics.json").toFile(), metrics);
        writeManifest(samples, foldOf, corpora);
        writeTrainingMd(seconds, metrics);
        log.printf("train emotion: done in %.1f min -> %s%n", seconds / 60, opt.out());
    }

    /** Checkpoints live outside the output (never committed), keyed by everything that shapes the result. */
    private Path workDir(List<String> corpora) {
        String key = opt.config().checkpointKey() + "|" + opt.norm().key() + (opt.prosody() ? LabelledClips.PROSODY_KEY : "")
                + io.emotrace.corpus.LabelCorrections.KEY
                + (opt.perCorpusPerEpoch() > 0 ? "percorpus" + opt.perCorpusPerEpoch() + "|" : "")
                + corpora + "|" + opt.folds() + "|" + opt.limitPerSpeaker() + "|"
                + opt.dataRoot().toAbsolutePath().normalize() + (opt.telephone() ? "|telephone" : "");
        String hash = Integer.toHexString(key.hashCode()) + Integer.toHexString(new StringBuilder(key).reverse().toString().hashCode());
        return Path.of(System.getProperty("user.home"), ".cache", "emotrace", "train", "emotion-" + hash);
    }

    private float[][] foldLogits(EmotionTrainer trainer, int k, List<Sample> train, List<Integer> test,
            List<Sample> samples, Path work) throws IOException {
        Path dir = work.resolve("fold-" + k);
        Path done = dir.resolve("heldout-logits.json");
        List<Sample> testSamples = test.stream().map(samples::get).toList();
        if (Files.isRegularFile(done)) {
            log.println("fold " + k + ": already done, reading " + done);
            float[][] l = json.readValue(done.toFile(), float[][].class);
            if (l.length == test.size()) {
                return l;
            }
        }
        log.printf("fold %d/%d: train %d, held out %d utterances%n", k + 1, opt.folds(), train.size(), test.size());
        EmotionNet net = trainer.train(train, bins, dir, opt.config().seed() * 31 + k);
        try {
            float[][] l = EmotionTrainer.logits(net, testSamples, bins);
            json.writeValue(done.toFile(), l);
            return l;
        } finally {
            net.close();
        }
    }

    /** Pooled per-corpus metrics (argmax over the corpus's classes) and the other-bound calibration. */
    /** The other bound chosen on held-out {@code logits} under {@code temperature}. */
    private static double otherBound(float[][] logits, List<Sample> samples, double temperature) {
        double[] top = new double[samples.size()];
        boolean[] right = new boolean[samples.size()];
        float[] runtimeMask = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
        for (int i = 0; i < samples.size(); i++) {
            double[] p = io.emotrace.emotion.embedded.Softmax.of(logits[i], runtimeMask, temperature);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            top[i] = p[best];
            right[i] = best == samples.get(i).label().ordinal();
        }
        return OtherCalibration.choose(top, right).bound();
    }

    private double evaluate(List<Sample> samples, Map<String, Integer> foldOf, float[][] heldOut, ObjectNode metrics,
            double temperature) {
        metrics.put("evaluation", "speaker-independent " + opt.folds() + "-fold (no speaker in both train and test); "
                + "metrics pooled over the held-out folds; prediction = argmax over the corpus's own classes");
        ObjectNode per = metrics.putObject("corpora_metrics");
        double[] top = new double[samples.size()];
        boolean[] right = new boolean[samples.size()];
        Map<String, ClassMetrics> pooled = new TreeMap<>();
        Map<String, ClassMetrics[]> perFold = new TreeMap<>();
        float[] runtimeMask = CorpusLabels.logitMask(CorpusLabels.PREDICTED);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            List<Emotion> classes = new ArrayList<>(CorpusLabels.classesOf(s.corpus()));
            Emotion pred = argmax(heldOut[i], CorpusLabels.logitMask(CorpusLabels.classesOf(s.corpus())));
            pooled.computeIfAbsent(s.corpus(), c -> new ClassMetrics(classes)).add(s.label(), pred);
            ClassMetrics[] f = perFold.computeIfAbsent(s.corpus(), c -> new ClassMetrics[opt.folds()]);
            int k = foldOf.get(s.speaker());
            if (f[k] == null) {
                f[k] = new ClassMetrics(classes);
            }
            f[k].add(s.label(), pred);
            double[] p = io.emotrace.emotion.embedded.Softmax.of(heldOut[i], runtimeMask, temperature);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            top[i] = p[best];
            right[i] = best == s.label().ordinal();
        }
        for (var e : pooled.entrySet()) {
            ClassMetrics m = e.getValue();
            ObjectNode c = per.putObject(e.getKey());
            c.put("utterances", m.total());
            c.put("ua", round(m.ua()));
            c.put("wa", round(m.wa()));
            c.put("macro_f1", round(m.macroF1()));
            ArrayNode labels = c.putArray("classes");
            m.classes().forEach(x -> labels.add(x.english()));
            c.set("confusion_rows_truth_cols_predicted", json.valueToTree(m.confusion()));
            ArrayNode folds = c.putArray("ua_per_fold");
            for (ClassMetrics f : perFold.get(e.getKey())) {
                folds.add(f == null ? null : round(f.ua()));
            }
            log.printf("  %-8s UA %.3f  WA %.3f  macro-F1 %.3f  (%d utterances)%n", e.getKey(), m.ua(), m.wa(), m.macroF1(), m.total());
        }
        OtherCalibration.Result cal = OtherCalibration.choose(top, right);
        ObjectNode o = metrics.putObject("other_calibration");
        o.put("rule", "largest bound in 0.20..0.60 (step 0.02) where held-out answers with a lower top 7-class "
                + "probability are right < 1/3 of the time and are <= 15% of answers; floor 0.20");
        o.put("other_below", cal.bound());
        o.put("share_below", round(cal.shareBelow()));
        o.put("accuracy_below", round(cal.accuracyBelow()));
        o.set("grid_share_accuracy", json.valueToTree(cal.grid()));
        log.printf("  other below top probability %.2f (%.1f%% of held-out answers)%n", cal.bound(), 100 * cal.shareBelow());
        return cal.bound();
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static Emotion argmax(float[] logits, float[] mask) {
        int best = -1;
        for (int c = 0; c < logits.length; c++) {
            if (mask[c] == 0 && (best < 0 || logits[c] > logits[best])) {
                best = c;
            }
        }
        return Emotion.values()[best];
    }




    private void writeManifest(List<Sample> samples, Map<String, Integer> foldOf, List<String> corpora) throws IOException {
        ObjectNode m = json.createObjectNode();
        m.put("data_root", "../shared/data (EMOTRACE_SHARED/data)");
        m.set("corpora", json.valueToTree(corpora));
        m.set("excluded_corpora", json.valueToTree(new ArrayList<>(opt.excluded())));
        m.put("label_mapping", "calm->neutral, fear->fearful, disgust->disgusted, surprise->surprised; others as named");
        m.put("folds", opt.folds());
        m.put("final_model", "trained on every file listed below");
        m.put("utterances", samples.size());
        m.set("speaker_fold", json.valueToTree(new TreeMap<>(foldOf)));
        ArrayNode files = m.putArray("files");
        for (Sample s : samples) {
            ObjectNode f = files.addObject();
            f.put("file", s.utterance().source());
            f.put("speaker", s.speaker());
            f.put("label", s.label().english());
            if (foldOf.containsKey(s.speaker())) {
                f.put("fold", foldOf.get(s.speaker()));
            }
        }
        json.writerWithDefaultPrettyPrinter().writeValue(opt.out().resolve("data-manifest.json").toFile(), m);
    }

    private void writeTrainingMd(double seconds, ObjectNode metrics) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(opt.telephone() ? "# emotion-embedded-telephone (the calls model): how these weights were made\n\n"
                : "# emotion-embedded: how these weights were made\n\n");
        b.append("Trained by emotrace itself (Java, LibTorch via JavaCPP) on the corpora in `../shared/data`")
                .append(opt.telephone() ? ", every clip heard through a telephone line (300-3400 Hz band of an 8 kHz "
                        + "line, G.711 mu-law: `io.emotrace.audio.TelephoneChannel`) for the network, its heads and the "
                        + "figures below; the runtime judges telephone-band recordings with it" : "").append(".\n\n");
        b.append("```\n").append(opt.commandLine()).append("\n```\n\n");
        b.append(String.format(java.util.Locale.ROOT, "- wall time: %.1f min (folds + final model)%n", seconds / 60));
        b.append("- machine: ").append(machine()).append('\n');
        b.append("- load average (1/5/15 min) when it finished: ").append(HostInfo.loadAverage()).append('\n');
        b.append("- features: ").append(opt.prosody() ? ModelCard.FEATURES_WITH_PITCH : ModelCard.FEATURES)
                .append(", cached in ").append("~/.cache/emotrace/features\n");
        b.append("- config: ").append(opt.config()).append('\n');
        b.append("- feature normalisation: ").append(opt.norm().label()).append(" removed (").append(opt.norm().name())
                .append(" in model.json; the runtime does the same)\n");
        b.append("- corpora: ").append(String.join(", ", opt.corpora())).append("; ")
                .append(opt.perCorpusPerEpoch() > 0 ? opt.perCorpusPerEpoch() + " clips drawn from each corpus per epoch"
                        : "every clip once per epoch").append('\n');
        if (metrics.has("voice_head")) {
            b.append("- voice head (").append(io.emotrace.emotion.embedded.VoiceHead.FILE).append("): ")
                    .append(metrics.path("voice_head").asText()).append('\n');
        }
        b.append("- evaluation: ").append(metrics.path("evaluation").asText()).append("; see metrics.json\n");
        b.append("- data: data-manifest.json lists every file, speaker, label and fold\n");
        b.append("\nSeeds are fixed (data order, augmentation, dropout and initialisation per fold and epoch); "
                + "LibTorch CPU kernels may still differ in the last bits between machines and thread counts.\n");
        Files.writeString(opt.out().resolve("TRAINING.md"), b.toString(), StandardCharsets.UTF_8);
    }

    private static String machine() {
        String cpu = HostInfo.cpuModel();
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version") + ", CPU only";
    }

    private List<Sample> load(List<String> corpora) throws IOException, EmotraceException {
        return LabelledClips.load(new LabelledClips.Request(opt.dataRoot(), corpora, opt.cacheDir(),
                opt.config().threads(), opt.limitPerSpeaker(), opt.norm(), false, opt.prosody(), opt.telephone()),
                source -> log.println("  skipped (too short): " + source));
    }
}
